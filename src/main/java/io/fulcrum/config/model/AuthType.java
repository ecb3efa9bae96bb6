package io.fulcrum.config.model;

/** VRRPv2 authentication ({@code auth_type}). */
public enum AuthType {
    /** Simple password in the advert (RFC 2338). */
    PASS,
    /** IPsec AH (HMAC-MD5-96) around the advert. */
    AH
}
