using Pipeline.Migrations.Database;
using Pipeline.Migrations.Guard;

namespace Pipeline.Migrations.Tests;

/// <summary>The guard's SQL analysis on hand-written statements (Execute.Sql), beyond what FluentMigrator generates.</summary>
public sealed class ExpandContractGuardTests
{
    private static readonly Dictionary<(string Table, string Column), ColumnInfo> Columns = new()
    {
        [("users", "name")] = new ColumnInfo("users", "name", "character varying", 100, false),
        [("users", "bio")] = new ColumnInfo("users", "bio", "text", null, true),
        [("users", "visits")] = new ColumnInfo("users", "visits", "integer", null, true),
    };

    [Theory]
    [InlineData("DROP TABLE IF EXISTS public.users CASCADE", BreakingChangeKind.DropTable)]
    [InlineData("alter table users drop column bio", BreakingChangeKind.DropColumn)]
    [InlineData("ALTER TABLE users ADD COLUMN email text, DROP bio", BreakingChangeKind.DropColumn)]
    [InlineData("ALTER TABLE users RENAME TO members", BreakingChangeKind.RenameTable)]
    [InlineData("ALTER TABLE \"users\" RENAME COLUMN \"name\" TO \"full_name\"", BreakingChangeKind.RenameColumn)]
    [InlineData("ALTER TABLE users ADD COLUMN tenant_id bigint NOT NULL", BreakingChangeKind.NotNullWithoutDefault)]
    [InlineData("ALTER TABLE users ALTER COLUMN bio SET NOT NULL", BreakingChangeKind.SetNotNull)]
    [InlineData("ALTER TABLE users ALTER COLUMN name TYPE varchar(20)", BreakingChangeKind.TypeNarrowing)]
    [InlineData("ALTER TABLE users ALTER COLUMN bio SET DATA TYPE varchar(500) USING left(bio, 500)", BreakingChangeKind.TypeNarrowing)]
    [InlineData("ALTER TABLE users ALTER COLUMN visits TYPE smallint", BreakingChangeKind.TypeNarrowing)]
    public void Flags_destructive_statements(string sql, BreakingChangeKind kind)
    {
        var change = Assert.Single(Analyse(sql));
        Assert.Equal(kind, change.Kind);
    }

    [Theory]
    [InlineData("ALTER TABLE users ADD COLUMN email text")]
    [InlineData("ALTER TABLE users ADD COLUMN tenant_id bigint NOT NULL DEFAULT 1")]
    [InlineData("ALTER TABLE users ADD COLUMN id2 bigint GENERATED ALWAYS AS IDENTITY NOT NULL")]
    [InlineData("ALTER TABLE users ALTER COLUMN name TYPE varchar(200)")]
    [InlineData("ALTER TABLE users ALTER COLUMN name TYPE text")]
    [InlineData("ALTER TABLE users ALTER COLUMN visits TYPE bigint")]
    [InlineData("ALTER TABLE users ALTER COLUMN name SET NOT NULL")]
    [InlineData("ALTER TABLE users ALTER COLUMN bio DROP NOT NULL")]
    [InlineData("ALTER TABLE users ADD CONSTRAINT ck_name CHECK (name <> '') NOT VALID")]
    [InlineData("ALTER TABLE users DROP CONSTRAINT ck_old")]
    [InlineData("CREATE TABLE t (id int); ALTER TABLE t ADD COLUMN x int NOT NULL; ALTER TABLE t RENAME COLUMN x TO y; DROP TABLE t")]
    [InlineData("INSERT INTO notes (body) VALUES ('we will DROP TABLE users; later')")]
    [InlineData("-- DROP TABLE users\nCREATE INDEX CONCURRENTLY ix ON users (name)")]
    [InlineData("DO $$ BEGIN RAISE NOTICE 'ALTER TABLE users DROP COLUMN bio;'; END $$")]
    public void Lets_additive_statements_through(string sql) => Assert.Empty(Analyse(sql));

    private static IReadOnlyList<BreakingChange> Analyse(string sql) =>
        ExpandContractGuard.Analyse([new GuardInput(new MigrationIdentity(7, "Example", "example"), false, [sql])], Columns);
}
