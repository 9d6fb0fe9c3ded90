package io.creatorscope.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** Files written by DuckDB, as users' own tools write them: statements run in one in-memory database. */
public final class DuckDb {
  private DuckDb() {}

  public static void execute(String... statements) throws SQLException {
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement st = duck.createStatement()) {
      for (String statement : statements) {
        st.execute(statement);
      }
    }
  }
}
