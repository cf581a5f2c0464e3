using FluentMigrator;

namespace Pipeline.Migrations.Tests.TestMigrations.Sleepy;

[Migration(1)]
public sealed class SleepTooLong : Migration
{
    public override void Up() => Execute.Sql("SELECT pg_sleep(5)");

    public override void Down()
    {
    }
}
