package it;

public final class Store {
  @dev.decor.Timed
  public int work() {
    return 1;
  }
}
