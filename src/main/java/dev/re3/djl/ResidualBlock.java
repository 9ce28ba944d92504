package dev.re3.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.ParallelBlock;
import java.util.List;

/**
 * A {@link ParallelBlock} whose join adds its branch outputs: {@code y = sum_k branch_k(x)}, the DJL
 * form of {@link dev.re3.net.Residual}. An identity branch ({@code Blocks.identityBlock()}; DJL cannot
 * initialise an empty {@code SequentialBlock} branch) makes it a skip connection. Being its own class, {@link DjlImport} knows the
 * join without probing it.
 */
public final class ResidualBlock extends ParallelBlock {

    /** @param branches the branches, at least two, each taking and giving one array of one shape */
    public ResidualBlock(List<Block> branches) {
        super(ResidualBlock::sum, branches);
        if (branches.size() < 2) {
            throw new IllegalArgumentException("residual: expected at least two branches to add, got " + branches.size());
        }
    }

    /** Adds the single arrays of the branch outputs. */
    static NDList sum(List<NDList> outputs) {
        NDArray total = outputs.get(0).singletonOrThrow();
        for (int k = 1; k < outputs.size(); k++) {
            total = total.add(outputs.get(k).singletonOrThrow());
        }
        return new NDList(total);
    }
}
