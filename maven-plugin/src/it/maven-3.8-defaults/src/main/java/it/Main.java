package it;

public final class Main {
  public static void main(String[] args) {
    Store store = new Store();
    store.get("a");
    store.get("a");
    if (store.computed != 1) {
      throw new AssertionError("computed " + store.computed + " times");
    }
    System.out.println("maven-3.8-defaults: cached, computed once");
  }
}
