using FluentMigrator;

namespace Pipeline.Migrations.IntegrationTests.TestMigrations.Sleepy;

[Migration(1)]
public sealed class SleepTooLong : Migration
{
    public override void Up() => Execute.Sql("SELECT pg_sleep(5)");

    public override void Down()
    {
    }
}
