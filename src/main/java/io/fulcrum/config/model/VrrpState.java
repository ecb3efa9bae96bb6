package io.fulcrum.config.model;

/** The initial state of an instance ({@code state MASTER|BACKUP}). */
public enum VrrpState {
    MASTER,
    BACKUP
}
