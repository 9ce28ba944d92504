package dev.re3.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import dev.re3.fixtures.RandomNetworks;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import dev.re3.net.Network;
import org.junit.jupiter.api.Test;

class NativeMemoryTest {

    static int liveArrays() {
        try (NDManager probe = NDManager.newBaseManager()) {
            return probe.getParentManager().getManagedArrays().size();
        }
    }

    @Test
    void repeatedImportsExportsAndGradientsLeaveNoArraysBehind() {
        Network cnn = RandomNetworks.paddedCnn(31);
        double[] x = DjlFixtures.inputs(1, cnn.inputSize(), 1)[0];
        try (NDManager m = NDManager.newBaseManager()) {
            SequentialBlock probed = DjlImportTest.everyType();
            probed.initialize(m, DataType.FLOAT32, new Shape(1, 2, 8, 8));
            DjlImport.fromBlock(probed, 2, 8, 8);
            DjlGradients.jacobian(cnn, x);
            int before = liveArrays();
            for (int i = 0; i < 100; i++) {
                DjlImport.fromBlock(probed, 2, 8, 8);
                try (Model model = DjlExport.toModel(cnn, DataType.FLOAT64)) {
                    DjlImport.fromBlock(model, 2, 8, 8);
                }
                if (i % 20 == 0) {
                    DjlGradients.jacobian(cnn, x);
                }
            }
            assertEquals(before, liveArrays());
        }
    }

    @Test
    void closingAnExportedBlockFreesItsParameters() {
        Network net = RandomNetworks.threeBranchResidual(32);
        int before = liveArrays();
        try (NetworkBlock block = DjlExport.toBlock(net)) {
            assertEquals(net, DjlImport.fromBlock(block));
        }
        assertEquals(before, liveArrays());
    }
}
