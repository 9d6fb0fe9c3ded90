package io.creatorscope.query;

import io.creatorscope.common.UserError;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.ExpressionWithUnresolvedIdentifier;
import org.apache.spark.sql.catalyst.analysis.PlanWithUnresolvedIdentifier;
import org.apache.spark.sql.catalyst.analysis.UnresolvedFunction;
import org.apache.spark.sql.catalyst.analysis.UnresolvedHaving;
import org.apache.spark.sql.catalyst.analysis.UnresolvedInlineTable;
import org.apache.spark.sql.catalyst.analysis.UnresolvedRelation;
import org.apache.spark.sql.catalyst.analysis.UnresolvedSubqueryColumnAliases;
import org.apache.spark.sql.catalyst.analysis.UnresolvedTVFAliases;
import org.apache.spark.sql.catalyst.analysis.UnresolvedTableOrView;
import org.apache.spark.sql.catalyst.analysis.UnresolvedTableValuedFunction;
import org.apache.spark.sql.catalyst.expressions.CallMethodViaReflection;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.UserDefinedExpression;
import org.apache.spark.sql.catalyst.plans.QueryPlan;
import org.apache.spark.sql.catalyst.plans.logical.Aggregate;
import org.apache.spark.sql.catalyst.plans.logical.CTERelationDef;
import org.apache.spark.sql.catalyst.plans.logical.CTERelationRef;
import org.apache.spark.sql.catalyst.plans.logical.DescribeColumn;
import org.apache.spark.sql.catalyst.plans.logical.DescribeRelation;
import org.apache.spark.sql.catalyst.plans.logical.Distinct;
import org.apache.spark.sql.catalyst.plans.logical.Except;
import org.apache.spark.sql.catalyst.plans.logical.Expand;
import org.apache.spark.sql.catalyst.plans.logical.Filter;
import org.apache.spark.sql.catalyst.plans.logical.Generate;
import org.apache.spark.sql.catalyst.plans.logical.GlobalLimit;
import org.apache.spark.sql.catalyst.plans.logical.Intersect;
import org.apache.spark.sql.catalyst.plans.logical.Join;
import org.apache.spark.sql.catalyst.plans.logical.LateralJoin;
import org.apache.spark.sql.catalyst.plans.logical.LocalLimit;
import org.apache.spark.sql.catalyst.plans.logical.LocalRelation;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.Offset;
import org.apache.spark.sql.catalyst.plans.logical.OneRowRelation;
import org.apache.spark.sql.catalyst.plans.logical.Pivot;
import org.apache.spark.sql.catalyst.plans.logical.Project;
import org.apache.spark.sql.catalyst.plans.logical.RebalancePartitions;
import org.apache.spark.sql.catalyst.plans.logical.Repartition;
import org.apache.spark.sql.catalyst.plans.logical.RepartitionByExpression;
import org.apache.spark.sql.catalyst.plans.logical.ResolvedHint;
import org.apache.spark.sql.catalyst.plans.logical.Sample;
import org.apache.spark.sql.catalyst.plans.logical.Sort;
import org.apache.spark.sql.catalyst.plans.logical.SubqueryAlias;
import org.apache.spark.sql.catalyst.plans.logical.Union;
import org.apache.spark.sql.catalyst.plans.logical.UnresolvedHint;
import org.apache.spark.sql.catalyst.plans.logical.UnresolvedWith;
import org.apache.spark.sql.catalyst.plans.logical.Unpivot;
import org.apache.spark.sql.catalyst.plans.logical.View;
import org.apache.spark.sql.catalyst.plans.logical.Window;
import org.apache.spark.sql.catalyst.plans.logical.WithCTE;
import org.apache.spark.sql.catalyst.plans.logical.WithWindowDefinition;
import org.apache.spark.sql.execution.CommandExecutionMode;
import org.apache.spark.sql.execution.command.ExplainCommand;
import scala.collection.JavaConverters;

/**
 * The statements {@code query} accepts, decided on Spark's plans rather than on keywords: a query whose every plan
 * node is a query clause and whose every relation is one of the registered views; DESCRIBE of such a view; EXPLAIN
 * of such a query. Anything else is refused before it runs: commands of every kind (also behind WITH), writes to
 * tables or directories, files read by path ({@code parquet.`/path`}), other catalogs' tables, table-valued
 * functions that are not the views (range), scripts (TRANSFORM) and functions that run code of the user's choice
 * (reflect, java_method, user-defined functions).
 *
 * <p>Two checks, both by allow-list. The parsed plan is checked first, so that nothing else is even analysed:
 * analysing a path already lists and reads files, and analysing reflect loads the class it names. Then the analysed
 * plan, where the relations are known: every leaf must be a registered view, a CTE, VALUES or a one-row SELECT.
 */
public final class ReadOnlyStatement {
  /** Plan nodes of a parsed query: the clauses of SELECT, FROM, JOIN, WITH, GROUP BY, set operations and hints. */
  private static final Set<Class<?>> PARSED_QUERY_NODES = Set.of(
      Project.class, Filter.class, Aggregate.class, UnresolvedHaving.class, Join.class, LateralJoin.class,
      Sort.class, GlobalLimit.class, LocalLimit.class, Offset.class, Distinct.class, Union.class, Intersect.class,
      Except.class, SubqueryAlias.class, UnresolvedSubqueryColumnAliases.class, UnresolvedWith.class,
      WithWindowDefinition.class, Generate.class, Pivot.class, Unpivot.class, Sample.class,
      RepartitionByExpression.class, UnresolvedHint.class, UnresolvedInlineTable.class, OneRowRelation.class,
      UnresolvedTableValuedFunction.class, UnresolvedTVFAliases.class, UnresolvedRelation.class);

  /** Plan nodes of an analysed query over the views; a {@link View} is checked apart (it must be ours). */
  private static final Set<Class<?>> ANALYZED_QUERY_NODES = Set.of(
      Project.class, Filter.class, Aggregate.class, Join.class, LateralJoin.class, Sort.class, GlobalLimit.class,
      LocalLimit.class, Offset.class, Distinct.class, Union.class, Intersect.class, Except.class,
      SubqueryAlias.class, WithCTE.class, CTERelationDef.class, CTERelationRef.class, Window.class, Generate.class,
      Expand.class, Sample.class, ResolvedHint.class, RepartitionByExpression.class, Repartition.class,
      RebalancePartitions.class, LocalRelation.class, OneRowRelation.class);

  /** Functions that call a Java method named in the statement. */
  private static final Set<String> JAVA_CALLS = Set.of("reflect", "java_method", "try_reflect");

  private static final String ACCEPTED = "query runs read-only SQL: a query over the output views "
      + "(SELECT, WITH, VALUES), DESCRIBE of a view, EXPLAIN of such a query";

  /** IDENTIFIER('...') names a table or function only during analysis, too late for the first check. */
  private static final String IDENTIFIER_CLAUSE = "IDENTIFIER(...) is not accepted; write the name itself";

  private ReadOnlyStatement() {}

  /** Returns normally when {@code parsed} is an accepted statement over {@code views}; a user error otherwise. */
  public static void check(SparkSession spark, LogicalPlan parsed, List<String> views) {
    if (parsed instanceof ExplainCommand explain) {
      checkQuery(spark, explain.logicalPlan(), views);
    } else if (parsed instanceof DescribeRelation d) {
      checkDescribed(d.relation(), views);
    } else if (parsed instanceof DescribeColumn d) {
      checkDescribed(d.relation(), views);
    } else {
      checkQuery(spark, parsed, views);
    }
  }

  private static void checkDescribed(LogicalPlan relation, List<String> views) {
    if (!(relation instanceof UnresolvedTableOrView t && isView(names(t.multipartIdentifier()), views))) {
      throw refused("DESCRIBE takes one of the views: " + String.join(", ", views));
    }
  }

  private static void checkQuery(SparkSession spark, LogicalPlan parsed, List<String> views) {
    for (LogicalPlan node : nodes(parsed)) {
      if (node instanceof PlanWithUnresolvedIdentifier) {
        throw refused(IDENTIFIER_CLAUSE);
      }
      if (!PARSED_QUERY_NODES.contains(node.getClass())) {
        throw refused("this statement holds " + kind(node));
      }
      if (node instanceof UnresolvedRelation r && r.multipartIdentifier().size() > 1) {
        // A one-part name is a view, a CTE or unknown (analysis says which); more parts name a file or a catalog.
        throw refused(quoted(names(r.multipartIdentifier())) + " is not one of the views: "
            + String.join(", ", views));
      }
      for (Expression e : expressions(node)) {
        if (e instanceof UnresolvedFunction f
            && JAVA_CALLS.contains(f.nameParts().last().toLowerCase(Locale.ROOT))) {
          throw refused(f.nameParts().last() + "() calls Java methods");
        }
        if (e instanceof ExpressionWithUnresolvedIdentifier) {
          throw refused(IDENTIFIER_CLAUSE);
        }
      }
    }
    LogicalPlan analyzed = spark.sessionState().executePlan(parsed, CommandExecutionMode.SKIP()).analyzed();
    for (LogicalPlan node : nodes(analyzed)) {
      if (node instanceof View v) {
        if (!(v.isTempView() && views.contains(v.desc().identifier().table()))) {
          throw refused("the view " + v.desc().identifier().unquotedString() + " is not one of the output views");
        }
      } else if (!ANALYZED_QUERY_NODES.contains(node.getClass())) {
        throw refused("this statement reads " + kind(node) + ", which is not one of the views: "
            + String.join(", ", views));
      }
      for (Expression e : expressions(node)) {
        if (e instanceof CallMethodViaReflection || e instanceof UserDefinedExpression) {
          throw refused(e.prettyName() + "() runs code that is not Spark SQL's");
        }
      }
    }
  }

  private static UserError refused(String why) {
    return new UserError(ACCEPTED + "; refused: " + why);
  }

  /** The plan node's class name, which names the statement or clause (InsertIntoDir, SetCommand, Range). */
  private static String kind(QueryPlan<?> node) {
    return node.getClass().getSimpleName().replace("$", "");
  }

  private static boolean isView(List<String> name, List<String> views) {
    return name.size() == 1 && views.contains(name.get(0));
  }

  private static List<String> names(scala.collection.Seq<String> parts) {
    return JavaConverters.seqAsJavaList(parts);
  }

  private static String quoted(List<String> name) {
    return String.join(".", name.stream().map(n -> "`" + n + "`").toList());
  }

  /**
   * Every node of a plan: its children, and its inner plans (subqueries in expressions, CTE definitions), except
   * below a {@link View}, whose inside is the view's own reading of its files.
   */
  private static List<LogicalPlan> nodes(LogicalPlan root) {
    List<LogicalPlan> found = new ArrayList<>();
    List<QueryPlan<?>> todo = new ArrayList<>(List.of(root));
    while (!todo.isEmpty()) {
      QueryPlan<?> p = todo.remove(todo.size() - 1);
      if (!(p instanceof LogicalPlan plan)) {
        throw refused("this statement holds " + kind(p));
      }
      found.add(plan);
      if (!(plan instanceof View)) {
        todo.addAll(JavaConverters.seqAsJavaList(plan.children()));
        todo.addAll(JavaConverters.seqAsJavaList(plan.innerChildren()));
      }
    }
    return found;
  }

  /** Every expression of a node, nested ones included. */
  private static List<Expression> expressions(LogicalPlan node) {
    List<Expression> found = new ArrayList<>();
    List<Expression> todo = new ArrayList<>(JavaConverters.seqAsJavaList(node.expressions()));
    while (!todo.isEmpty()) {
      Expression e = todo.remove(todo.size() - 1);
      found.add(e);
      todo.addAll(JavaConverters.seqAsJavaList(e.children()));
    }
    return found;
  }
}
