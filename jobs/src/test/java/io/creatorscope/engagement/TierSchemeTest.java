package io.creatorscope.engagement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.creatorscope.common.UserError;
import org.junit.jupiter.api.Test;

class TierSchemeTest {
  @Test
  void defaultSchemeEdges() {
    TierScheme s = TierScheme.named("default");
    assertEquals("emerging", s.tierOf(999));
    assertEquals("nano", s.tierOf(1000));
    assertEquals("nano", s.tierOf(9999));
    assertEquals("micro", s.tierOf(10_000));
    assertEquals("macro", s.tierOf(100_000));
    assertEquals("mega", s.tierOf(1_000_000));
  }

  @Test
  void narrowSchemeEdges() {
    TierScheme s = TierScheme.named("narrow");
    assertEquals("micro", s.tierOf(49_999));
    assertEquals("mid", s.tierOf(50_000));
    assertEquals("macro", s.tierOf(500_000));
    assertEquals("mega", s.tierOf(1_000_000));
  }

  @Test
  void customSchemeAndItsErrors() {
    assertEquals("big", TierScheme.named("small:0,big:500").tierOf(700));
    UserError notIncreasing = assertThrows(UserError.class, () -> TierScheme.named("a:0,b:10,c:5"));
    assertTrue(notIncreasing.getMessage().contains("must increase"), notIncreasing.getMessage());
    UserError noZero = assertThrows(UserError.class, () -> TierScheme.named("a:10"));
    assertTrue(noZero.getMessage().contains("start at 0"), noZero.getMessage());
    UserError garbage = assertThrows(UserError.class, () -> TierScheme.named("huge"));
    assertTrue(garbage.getMessage().contains("expected default, narrow or name:minFollowers"), garbage.getMessage());
  }
}
