package io.accrete.bench.query;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The people of issue #4's query benchmark, generated once from a seed so that Accrete and
 * Datomic load exactly the same facts, plus the answers the queries must give (computed here in
 * plain Java, so each system is checked against the data and not only against the other).
 *
 * <p>Person {@code i} is named {@code person-i}; its friend is a random earlier person (person 0's
 * friend is person 1), so every person has exactly one friend.
 */
final class Dataset {
    static final String SCHEMA = "[{:db/ident :person/name :db/valueType :db.type/string :db/cardinality :db.cardinality/one :db/unique :db.unique/identity}"
            + " {:db/ident :person/email :db/valueType :db.type/string :db/cardinality :db.cardinality/one}"
            + " {:db/ident :person/age :db/valueType :db.type/long :db/cardinality :db.cardinality/one}"
            + " {:db/ident :person/city :db/valueType :db.type/string :db/cardinality :db.cardinality/one}"
            + " {:db/ident :person/friend :db/valueType :db.type/ref :db/cardinality :db.cardinality/one}]";
    static final int CITIES = 50;
    static final int TX_SIZE = 1000;

    final int n;
    final long[] age;
    final int[] city;
    final int[] friend;

    Dataset(int n, long seed) {
        this.n = n;
        Random r = new Random(seed);
        age = new long[n];
        city = new int[n];
        friend = new int[n];
        for (int i = 0; i < n; i++) {
            age[i] = r.nextInt(100);
            city[i] = r.nextInt(CITIES);
            friend[i] = i == 0 ? 1 : r.nextInt(i);
        }
    }

    static String name(int i) { return "person-" + i; }
    static String email(int i) { return "person-" + i + "@example.com"; }
    static String city(int c) { return "city-" + c; }

    /** Index of the first person of the transaction after which the as-of database is taken. */
    int asOfBoundary() { return (n / 2 / TX_SIZE) * TX_SIZE; }

    Map<String, Long> cityCounts() {
        Map<String, Long> m = new HashMap<>();
        for (int i = 0; i < n; i++) m.merge(city(city[i]), 1L, Long::sum);
        return m;
    }

    long ageBetween30And40() {
        long c = 0;
        for (int i = 0; i < n; i++) if (30 < age[i] && age[i] < 40) c++;
        return c;
    }

    Set<String> friendNames(int i) {
        Set<String> s = new HashSet<>();
        s.add(name(friend[i]));
        return s;
    }

    /** Person {@code i} as {@code (pull db '[*] e)} gives it, ids replaced by person names. */
    Map<String, Object> pulled(int i) {
        Map<String, Object> m = new HashMap<>();
        m.put(":db/id", name(i));
        m.put(":person/name", name(i));
        m.put(":person/email", email(i));
        m.put(":person/age", age[i]);
        m.put(":person/city", city(city[i]));
        m.put(":person/friend", Map.of(":db/id", name(friend[i])));
        return m;
    }
}
