package dev.re3.spark;

import dev.re3.Re3;
import dev.re3.io.ModelJson;
import dev.re3.net.Network;
import java.io.Serializable;

/**
 * What travels to the executors in one broadcast: the network as {@code re3-model/1} JSON (which parses back
 * to the same network bit for bit, its standardize layer included). Each executor
 * parses it once, on first use, and shares the parsed {@link Re3} between its tasks (it is immutable).
 */
final class ModelShipment implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String json;
    private transient volatile Re3 re3;

    ModelShipment(Re3 re3) {
        this.json = ModelJson.toJson(re3.network());
        this.re3 = re3;
    }

    /** The model, parsed on the first call in this JVM. */
    Re3 re3() {
        Re3 r = re3;
        if (r == null) {
            synchronized (this) {
                r = re3;
                if (r == null) {
                    r = Re3.of(ModelJson.parse(json));
                    re3 = r;
                }
            }
        }
        return r;
    }

    Network network() {
        return re3().network();
    }
}
