package io.fulcrum.ipvs;

/**
 * The editable settings of a destination ({@code -a/-e} options): forwarding, weight (0..65535, 0 = quiesced),
 * upper and lower connection thresholds (0 = unset).
 */
public record DestinationSettings(ForwardingMethod forwarding, int weight, int upperThreshold, int lowerThreshold) {

    public static final int MAX_WEIGHT = 65535;

    public DestinationSettings {
        if (forwarding == null) {
            throw new IllegalArgumentException("forwarding method is required");
        }
    }

    public static DestinationSettings of(ForwardingMethod fwd, int weight) {
        return new DestinationSettings(fwd, weight, 0, 0);
    }
}
