using FluentMigrator;

namespace Pipeline.Migrations.Tests.TestMigrations.Failing;

[Migration(1)]
public sealed class CreateA : Migration
{
    public override void Up() => Create.Table("a").WithColumn("id").AsInt32().PrimaryKey();

    public override void Down() => Delete.Table("a");
}

[Migration(2)]
public sealed class CreateB : Migration
{
    public override void Up() => Create.Table("b").WithColumn("id").AsInt32().PrimaryKey();

    public override void Down() => Delete.Table("b");
}

/// <summary>Creates a table, then fails: the table must not survive.</summary>
[Migration(3)]
public sealed class AddBrokenTable : Migration
{
    public override void Up()
    {
        Create.Table("c").WithColumn("id").AsInt32().PrimaryKey();
        Execute.Sql("INSERT INTO missing_table (id) VALUES (1)");
    }

    public override void Down() => Delete.Table("c");
}

[Migration(4)]
public sealed class CreateD : Migration
{
    public override void Up() => Create.Table("d").WithColumn("id").AsInt32().PrimaryKey();

    public override void Down() => Delete.Table("d");
}
