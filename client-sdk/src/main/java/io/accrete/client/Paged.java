package io.accrete.client;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * An {@link Iterable} over a server-side sequence fetched one page at a time, so iterating a
 * large index or log never holds more than one page. Each {@link #iterator()} starts over.
 */
final class Paged<T> implements Iterable<T> {
    /** Fetches the page after {@code last} (null for the first), {@code offset} items in. */
    interface Fetch<T> {
        List<T> page(T last, long offset, int limit);
    }

    private final Fetch<T> fetch;
    private final int pageSize;

    Paged(Fetch<T> fetch, int pageSize) {
        this.fetch = fetch;
        this.pageSize = pageSize;
    }

    @Override public Iterator<T> iterator() {
        return new Iterator<>() {
            private List<T> page = null;
            private int i = 0;
            private long offset = 0;
            private T last = null;
            private boolean exhausted = false;

            @Override public boolean hasNext() {
                while (page == null || i >= page.size()) {
                    if (exhausted) return false;
                    page = fetch.page(last, offset, pageSize);
                    i = 0;
                    // Only an empty page ends it: a server whose result-limit is below the page size
                    // answers short pages all along, and taking one for the last lost the rest.
                    if (page.isEmpty()) {
                        exhausted = true;
                        return false;
                    }
                }
                return true;
            }

            @Override public T next() {
                if (!hasNext()) throw new NoSuchElementException();
                last = page.get(i++);
                offset++;
                return last;
            }
        };
    }
}
