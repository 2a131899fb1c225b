package io.accrete.server.wire;

/** The three formats every endpoint speaks; EDN is the reference. */
public enum WireFormat {
    EDN("application/edn", new EdnCodec()),
    TRANSIT("application/transit+json", new TransitCodec()),
    JSON("application/json", new JsonCodec());

    private final String mediaType;
    private final Codec codec;

    WireFormat(String mediaType, Codec codec) {
        this.mediaType = mediaType;
        this.codec = codec;
    }

    public String mediaType() { return mediaType; }
    public Codec codec() { return codec; }

    /** The value of a Content-Type header for a response in this format. */
    public String contentType() { return this == TRANSIT ? mediaType : mediaType + "; charset=utf-8"; }

    public static WireFormat forMediaType(String type) {
        for (WireFormat f : values()) if (f.mediaType.equalsIgnoreCase(type)) return f;
        return null;
    }
}
