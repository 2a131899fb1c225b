package io.accrete.engine.query;

import io.accrete.engine.ConnectionOptions;
import io.accrete.engine.db.Db;
import io.accrete.engine.storage.Durability;
import io.accrete.engine.testing.TempDb;
import io.accrete.engine.tx.TxReport;

/**
 * A small film database: 17 people, 12 films, directors and casts as ref-many, sequels as a
 * ref chain, genres as keyword-many, ratings as doubles. Written so the expected answers in
 * the tests can be checked by reading this file.
 */
final class MovieFixture implements AutoCloseable {
    static final String SCHEMA = """
        [{:db/ident :person/name :db/valueType :db.type/string :db/cardinality :db.cardinality/one :db/unique :db.unique/identity}
         {:db/ident :person/born :db/valueType :db.type/long :db/cardinality :db.cardinality/one}
         {:db/ident :person/country :db/valueType :db.type/keyword :db/cardinality :db.cardinality/one}
         {:db/ident :movie/title :db/valueType :db.type/string :db/cardinality :db.cardinality/one :db/unique :db.unique/identity}
         {:db/ident :movie/year :db/valueType :db.type/long :db/cardinality :db.cardinality/one}
         {:db/ident :movie/director :db/valueType :db.type/ref :db/cardinality :db.cardinality/many}
         {:db/ident :movie/cast :db/valueType :db.type/ref :db/cardinality :db.cardinality/many}
         {:db/ident :movie/sequel :db/valueType :db.type/ref :db/cardinality :db.cardinality/one}
         {:db/ident :movie/genre :db/valueType :db.type/keyword :db/cardinality :db.cardinality/many}
         {:db/ident :movie/rating :db/valueType :db.type/double :db/cardinality :db.cardinality/one}
         {:db/ident :movie/runtime :db/valueType :db.type/long :db/cardinality :db.cardinality/one}
         {:db/ident :movie/tagline :db/valueType :db.type/string :db/cardinality :db.cardinality/one}]""";

    static final String PEOPLE = """
        [{:person/name "James Cameron" :person/born 1954 :person/country :ca}
         {:person/name "Arnold Schwarzenegger" :person/born 1947 :person/country :at}
         {:person/name "Linda Hamilton" :person/born 1956 :person/country :us}
         {:person/name "Michael Biehn" :person/born 1956 :person/country :us}
         {:person/name "Sigourney Weaver" :person/born 1949 :person/country :us}
         {:person/name "Ridley Scott" :person/born 1937 :person/country :gb}
         {:person/name "Paul Verhoeven" :person/born 1938 :person/country :nl}
         {:person/name "Peter Weller" :person/born 1947 :person/country :us}
         {:person/name "John McTiernan" :person/born 1951 :person/country :us}
         {:person/name "Bruce Willis" :person/born 1955 :person/country :de}
         {:person/name "Alan Rickman" :person/born 1946 :person/country :gb}
         {:person/name "Carl Weathers" :person/born 1948 :person/country :us}
         {:person/name "Richard Donner" :person/born 1930 :person/country :us}
         {:person/name "Mel Gibson" :person/born 1956 :person/country :us}
         {:person/name "Danny Glover" :person/born 1946 :person/country :us}
         {:person/name "George Miller" :person/born 1945 :person/country :au}
         {:person/name "Edward Furlong" :person/born 1977 :person/country :us}]""";

    static final String MOVIES = """
        [{:db/id "t2" :movie/title "Terminator 2: Judgment Day" :movie/year 1991 :movie/rating 8.6 :movie/runtime 137
          :movie/director [[:person/name "James Cameron"]]
          :movie/cast [[:person/name "Arnold Schwarzenegger"] [:person/name "Linda Hamilton"] [:person/name "Edward Furlong"]]
          :movie/genre [:action :sci-fi]}
         {:movie/title "The Terminator" :movie/year 1984 :movie/rating 8.1 :movie/runtime 107 :movie/sequel "t2"
          :movie/tagline "Your future is in his hands."
          :movie/director [[:person/name "James Cameron"]]
          :movie/cast [[:person/name "Arnold Schwarzenegger"] [:person/name "Linda Hamilton"] [:person/name "Michael Biehn"]]
          :movie/genre [:action :sci-fi]}
         {:db/id "aliens" :movie/title "Aliens" :movie/year 1986 :movie/rating 8.4 :movie/runtime 137
          :movie/director [[:person/name "James Cameron"]]
          :movie/cast [[:person/name "Sigourney Weaver"] [:person/name "Michael Biehn"]]
          :movie/genre [:action :sci-fi :horror]}
         {:movie/title "Alien" :movie/year 1979 :movie/rating 8.5 :movie/runtime 117 :movie/sequel "aliens"
          :movie/director [[:person/name "Ridley Scott"]]
          :movie/cast [[:person/name "Sigourney Weaver"]]
          :movie/genre [:horror :sci-fi]}
         {:movie/title "RoboCop" :movie/year 1987 :movie/rating 7.6 :movie/runtime 102
          :movie/director [[:person/name "Paul Verhoeven"]]
          :movie/cast [[:person/name "Peter Weller"]]
          :movie/genre [:action :sci-fi]}
         {:movie/title "Predator" :movie/year 1987 :movie/rating 7.8 :movie/runtime 107
          :movie/director [[:person/name "John McTiernan"]]
          :movie/cast [[:person/name "Arnold Schwarzenegger"] [:person/name "Carl Weathers"]]
          :movie/genre [:action :sci-fi]}
         {:movie/title "Die Hard" :movie/year 1988 :movie/rating 8.2 :movie/runtime 132
          :movie/tagline "40 stories. Twelve terrorists. One cop."
          :movie/director [[:person/name "John McTiernan"]]
          :movie/cast [[:person/name "Bruce Willis"] [:person/name "Alan Rickman"]]
          :movie/genre [:action]}
         {:db/id "lw2" :movie/title "Lethal Weapon 2" :movie/year 1989 :movie/rating 7.2 :movie/runtime 114
          :movie/director [[:person/name "Richard Donner"]]
          :movie/cast [[:person/name "Mel Gibson"] [:person/name "Danny Glover"]]
          :movie/genre [:action :comedy]}
         {:movie/title "Lethal Weapon" :movie/year 1987 :movie/rating 7.6 :movie/runtime 109 :movie/sequel "lw2"
          :movie/director [[:person/name "Richard Donner"]]
          :movie/cast [[:person/name "Mel Gibson"] [:person/name "Danny Glover"]]
          :movie/genre [:action :comedy]}
         {:db/id "mm2" :movie/title "Mad Max 2" :movie/year 1981 :movie/rating 7.6 :movie/runtime 96
          :movie/director [[:person/name "George Miller"]]
          :movie/cast [[:person/name "Mel Gibson"]]
          :movie/genre [:action]}
         {:movie/title "Mad Max" :movie/year 1979 :movie/rating 6.8 :movie/runtime 88 :movie/sequel "mm2"
          :movie/director [[:person/name "George Miller"]]
          :movie/cast [[:person/name "Mel Gibson"]]
          :movie/genre [:action]}
         {:movie/title "Braveheart" :movie/year 1995 :movie/rating 8.3 :movie/runtime 178
          :movie/tagline "Every man dies, not every man really lives."
          :movie/director [[:person/name "Mel Gibson"]]
          :movie/cast [[:person/name "Mel Gibson"]]
          :movie/genre [:drama :history]}]""";

    final TempDb temp;
    final TxReport schemaReport;
    final TxReport peopleReport;
    final TxReport moviesReport;

    MovieFixture() {
        temp = TempDb.open(ConnectionOptions.defaults().withDurability(Durability.NO_FSYNC));
        schemaReport = temp.tx(SCHEMA);
        peopleReport = temp.tx(PEOPLE);
        moviesReport = temp.tx(MOVIES);
    }

    Db db() { return temp.conn.db(); }

    long id(String lookupAttr, String value) {
        return db().entidStrict(java.util.List.of(io.accrete.engine.data.Keyword.of(lookupAttr), value));
    }

    @Override public void close() { temp.close(); }
}
