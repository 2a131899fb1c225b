package io.accrete.engine.pull;

import io.accrete.engine.ConnectionOptions;
import io.accrete.engine.data.Edn;
import io.accrete.engine.db.Db;
import io.accrete.engine.storage.Durability;
import io.accrete.engine.testing.TempDb;
import io.accrete.engine.tx.TxReport;

import java.util.List;
import java.util.Map;

/**
 * A small slice of the mbrainz data set that Datomic's pull documentation uses (artists,
 * releases with component media and tracks, countries and formats as enum idents), plus a
 * friends graph with cycles for the recursion examples.
 */
final class MusicFixture implements AutoCloseable {
    static final String SCHEMA = """
        [{:db/ident :artist/name :db/valueType :db.type/string :db/cardinality :db.cardinality/one}
         {:db/ident :artist/gid :db/valueType :db.type/uuid :db/cardinality :db.cardinality/one :db/unique :db.unique/identity}
         {:db/ident :artist/startYear :db/valueType :db.type/long :db/cardinality :db.cardinality/one}
         {:db/ident :artist/endYear :db/valueType :db.type/long :db/cardinality :db.cardinality/one}
         {:db/ident :artist/country :db/valueType :db.type/ref :db/cardinality :db.cardinality/one}
         {:db/ident :artist/type :db/valueType :db.type/ref :db/cardinality :db.cardinality/one}
         {:db/ident :country/name :db/valueType :db.type/string :db/cardinality :db.cardinality/one}
         {:db/ident :release/name :db/valueType :db.type/string :db/cardinality :db.cardinality/one}
         {:db/ident :release/gid :db/valueType :db.type/uuid :db/cardinality :db.cardinality/one :db/unique :db.unique/identity}
         {:db/ident :release/year :db/valueType :db.type/long :db/cardinality :db.cardinality/one}
         {:db/ident :release/artists :db/valueType :db.type/ref :db/cardinality :db.cardinality/many}
         {:db/ident :release/country :db/valueType :db.type/ref :db/cardinality :db.cardinality/one}
         {:db/ident :release/media :db/valueType :db.type/ref :db/cardinality :db.cardinality/many :db/isComponent true}
         {:db/ident :medium/format :db/valueType :db.type/ref :db/cardinality :db.cardinality/one}
         {:db/ident :medium/position :db/valueType :db.type/long :db/cardinality :db.cardinality/one}
         {:db/ident :medium/tracks :db/valueType :db.type/ref :db/cardinality :db.cardinality/many :db/isComponent true}
         {:db/ident :track/name :db/valueType :db.type/string :db/cardinality :db.cardinality/one}
         {:db/ident :track/position :db/valueType :db.type/long :db/cardinality :db.cardinality/one}
         {:db/ident :track/artists :db/valueType :db.type/ref :db/cardinality :db.cardinality/many}
         {:db/ident :person/name :db/valueType :db.type/string :db/cardinality :db.cardinality/one :db/unique :db.unique/identity}
         {:db/ident :person/aka :db/valueType :db.type/string :db/cardinality :db.cardinality/many}
         {:db/ident :person/age :db/valueType :db.type/long :db/cardinality :db.cardinality/one}
         {:db/ident :person/friend :db/valueType :db.type/ref :db/cardinality :db.cardinality/many}
         {:db/ident :person/enemy :db/valueType :db.type/ref :db/cardinality :db.cardinality/many}
         {:db/ident :person/spouse :db/valueType :db.type/ref :db/cardinality :db.cardinality/one}
         {:db/ident :person/address :db/valueType :db.type/ref :db/cardinality :db.cardinality/one :db/isComponent true}
         {:db/ident :address/street :db/valueType :db.type/string :db/cardinality :db.cardinality/one}
         {:db/ident :address/owner :db/valueType :db.type/ref :db/cardinality :db.cardinality/one :db/isComponent true}]""";

    static final String ENUMS = """
        [{:db/ident :country/GB :country/name "United Kingdom"}
         {:db/ident :country/US :country/name "United States"}
         {:db/ident :artist.type/group} {:db/ident :artist.type/person}
         {:db/ident :medium.format/vinyl} {:db/ident :medium.format/cd}]""";

    static final String ZEPPELIN_GID = "678d88b2-87b0-403b-b63d-5da7465aecc3";
    static final String BANGLA_GID = "f3bdff34-9a85-4adc-a014-922eef9cdaa5";

    static final String MUSIC = """
        [{:db/id "zep" :artist/name "Led Zeppelin" :artist/gid #uuid "678d88b2-87b0-403b-b63d-5da7465aecc3"
          :artist/startYear 1968 :artist/endYear 1980 :artist/country :country/GB :artist/type :artist.type/group}
         {:db/id "macca" :artist/name "Paul McCartney" :artist/gid #uuid "ba550d0e-adac-4864-b88b-407cab5e76af"
          :artist/startYear 1942 :artist/country :country/GB :artist/type :artist.type/person}
         {:db/id "dylan" :artist/name "Bob Dylan" :artist/startYear 1941 :artist/country :country/US}
         {:db/id "george" :artist/name "George Harrison" :artist/startYear 1943 :artist/endYear 2001 :artist/country :country/GB}
         {:db/id "jimi" :artist/name "Jimi Hendrix" :artist/country :country/US}
         {:db/id "janis" :artist/name "Janis Joplin" :artist/country :country/US}
         {:db/id "iv" :release/name "Led Zeppelin IV" :release/year 1971 :release/artists ["zep"] :release/country :country/GB
          :release/media [{:medium/position 1 :medium/format :medium.format/vinyl
                           :medium/tracks [{:track/name "Black Dog" :track/position 1 :track/artists ["zep"]}
                                           {:track/name "Rock and Roll" :track/position 2 :track/artists ["zep"]}
                                           {:track/name "The Battle of Evermore" :track/position 3 :track/artists ["zep"]}
                                           {:track/name "Stairway to Heaven" :track/position 4 :track/artists ["zep"]}
                                           {:track/name "Misty Mountain Hop" :track/position 5 :track/artists ["zep"]}
                                           {:track/name "Four Sticks" :track/position 6 :track/artists ["zep"]}
                                           {:track/name "Going to California" :track/position 7 :track/artists ["zep"]}
                                           {:track/name "When the Levee Breaks" :track/position 8 :track/artists ["zep"]}]}]}
         {:db/id "ii" :release/name "Led Zeppelin II" :release/year 1969 :release/artists ["zep"]
          :release/media [{:medium/position 1 :medium/format :medium.format/vinyl
                           :medium/tracks [{:track/name "Whole Lotta Love" :track/position 1 :track/artists ["zep"]}
                                           {:track/name "What Is and What Should Never Be" :track/position 2 :track/artists ["zep"]}
                                           {:track/name "The Lemon Song" :track/position 3 :track/artists ["zep"]}
                                           {:track/name "Thank You" :track/position 4 :track/artists ["zep"]}
                                           {:track/name "Heartbreaker" :track/position 5 :track/artists ["zep"]}]}]}
         {:db/id "bangla" :release/name "The Concert for Bangla Desh" :release/gid #uuid "f3bdff34-9a85-4adc-a014-922eef9cdaa5"
          :release/year 1971 :release/artists ["george"] :release/country :country/US
          :release/media [{:medium/position 1 :medium/format :medium.format/vinyl
                           :medium/tracks [{:track/name "George Harrison / Ravi Shankar Introduction" :track/position 1 :track/artists ["george"]}
                                           {:track/name "Wah-Wah" :track/position 2 :track/artists ["george"]}]}
                          {:medium/position 2 :medium/format :medium.format/vinyl
                           :medium/tracks [{:track/name "Just Like a Woman" :track/position 1 :track/artists ["dylan" "george"]}]}]}
         {:db/id "sessions" :release/name "Dylan-Harrison Sessions" :release/artists ["dylan" "george"]
          :release/media [{:medium/position 1 :medium/format :medium.format/cd
                           :medium/tracks [{:db/id "ghost" :track/name "Ghost Riders in the Sky" :track/position 11 :track/artists ["dylan" "george"]}]}]}]""";

    // Friends: ann -> bob, cid; bob -> cid; cid -> dan; dan -> eve; eve -> ann (a cycle through the root).
    static final String PEOPLE = """
        [{:db/id "ann" :person/name "Ann" :person/aka ["Annie" "A"] :person/age 30 :person/friend ["bob" "cid"] :person/spouse "bob"
          :person/address {:address/street "Main St"}}
         {:db/id "bob" :person/name "Bob" :person/friend ["cid"] :person/enemy ["dan"] :person/age 41}
         {:db/id "cid" :person/name "Cid" :person/friend ["dan"] :person/enemy ["ann"]}
         {:db/id "dan" :person/name "Dan" :person/friend ["eve"]}
         {:db/id "eve" :person/name "Eve" :person/friend ["ann"]}]""";

    final TempDb tdb;
    final TxReport music;
    final TxReport people;

    MusicFixture() {
        tdb = TempDb.open(ConnectionOptions.defaults().withDurability(Durability.NO_FSYNC));
        tdb.tx(SCHEMA);
        tdb.tx(ENUMS);
        music = tdb.tx(MUSIC);
        people = tdb.tx(PEOPLE);
    }

    Db db() { return tdb.conn.db(); }

    long id(String tempid) {
        Long id = music.tempid(tempid);
        if (id == null) id = people.tempid(tempid);
        if (id == null) throw new IllegalArgumentException("no tempid " + tempid);
        return id;
    }

    long ident(String kw) { return db().entid(io.accrete.engine.data.Keyword.of(kw)); }

    /** The entity id of the entity with {@code attr} = {@code value}, for nested data without tempids. */
    long lookup(String attr, Object value) {
        for (var d : db().datoms(io.accrete.engine.index.Index.AVET, io.accrete.engine.data.Keyword.of(attr), value)) return d.e();
        throw new IllegalArgumentException("nothing with " + attr + " " + value);
    }

    /** EDN text with {@code %d}-style placeholders filled in, read as data. */
    static Object edn(String template, Object... args) {
        return Edn.read(String.format(template, args));
    }

    @SuppressWarnings("unchecked")
    static Map<Object, Object> map(String template, Object... args) {
        return (Map<Object, Object>) edn(template, args);
    }

    static List<?> list(String template, Object... args) {
        return (List<?>) edn(template, args);
    }

    @Override public void close() { tdb.close(); }
}
