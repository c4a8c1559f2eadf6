package dev.decor.examples.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import dev.decor.grad.Trainable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;

/**
 * What the trainer and the services need from a model — a Python {@code Protocol} with
 * {@code forward} and {@code freeze}, as a Java interface; {@link ShapeCnn} is one.
 *
 * <p>It is {@link Trainable}, so {@code @InferenceMode} and {@code GradMode.inference(model)} switch
 * it to evaluation mode ({@code model.eval()}) and back. Implementations say whether
 * {@link #forward} may be called from several threads at once.
 */
public interface Backbone extends Trainable, AutoCloseable {
  /**
   * Class scores (logits), shape {@code (N, classes)}, for images of shape {@code (N, 1, H, W)}
   * ({@code module(x)}); in training mode layers such as batch norm use batch statistics and
   * update their running ones.
   */
  NDArray forward(NDArray images);

  /** Stops ({@code true}) or resumes training of the feature layers ({@code requires_grad_(False)}). */
  void freeze(boolean frozen);

  /** The parameters the optimizer should update now (frozen ones excluded). */
  List<Parameter> trainableParameters();

  /** The number of classes {@link #forward} scores. */
  int classes();

  /** Where the model's arrays live; make per-batch sub-managers from it. */
  NDManager manager();

  /**
   * Writes every parameter — weights and batch-norm running statistics — in DJL's parameter format
   * ({@code torch.save(model.state_dict())}): what {@link #loadParameters} reads back, and what
   * identifies the weights a replica serves.
   */
  void saveParameters(DataOutputStream out) throws IOException;

  /**
   * Replaces every parameter with those {@link #saveParameters} wrote for a model of the same
   * architecture ({@code model.load_state_dict(torch.load(…))}).
   *
   * @throws IOException if the stream cannot be read or was written for another architecture
   */
  void loadParameters(DataInputStream in) throws IOException;

  /** Frees the model's native memory. */
  @Override
  void close();
}
