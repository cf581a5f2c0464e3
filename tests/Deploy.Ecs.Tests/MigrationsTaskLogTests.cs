using System.Text.Json.Nodes;
using Amazon.Runtime;
using Pipeline.Aws;
using Pipeline.Aws.Logs;
using Pipeline.Testing.Images;

namespace Pipeline.Deploy.Ecs.Tests;

/// <summary>
/// A failed migrations task's error: the tool's own last error in one line, read from the CloudWatch Logs stream its
/// awslogs configuration names; without a log configuration, or when reading it is denied, the line says so instead.
/// </summary>
public sealed class MigrationsTaskLogTests : IDisposable
{
    private const string TaskArn = "arn:aws:ecs:eu-west-1:123456789012:task/orchestrai-dev/0f3c9a7d2b1e4c5f8a6d";

    /// <summary>What <c>alembic upgrade head</c> writes when a revision's SQL fails in PostgreSQL (SQLAlchemy over psycopg2).</summary>
    private static readonly string[] AlembicOutput =
    [
        "INFO  [alembic.runtime.migration] Context impl PostgresqlImpl.",
        "INFO  [alembic.runtime.migration] Running upgrade 0001 -> 0002, broken",
        "Traceback (most recent call last):",
        "  File \"/usr/lib/python3/dist-packages/sqlalchemy/engine/base.py\", line 1900, in _execute_context",
        "psycopg2.errors.UndefinedTable: relation \"no_such_table\" does not exist",
        "",
        "The above exception was the direct cause of the following exception:",
        "Traceback (most recent call last):",
        "  File \"<frozen runpy>\", line 198, in _run_module_as_main",
        "    cursor.execute(statement, parameters)",
        "sqlalchemy.exc.ProgrammingError: (psycopg2.errors.UndefinedTable) relation \"no_such_table\" does not exist",
        "LINE 1: ALTER TABLE no_such_table ADD COLUMN x integer",
        "                    ^",
        "",
        "[SQL: ALTER TABLE no_such_table ADD COLUMN x integer]",
        "(Background on this error at: https://sqlalche.me/e/14/f405)",
    ];

    private readonly AwsErrorStub stub = new();

    [Fact]
    public void The_last_error_of_a_python_traceback_is_the_line_with_what_follows_it()
    {
        Assert.Equal(
            "sqlalchemy.exc.ProgrammingError: (psycopg2.errors.UndefinedTable) relation \"no_such_table\" does not exist | LINE 1: ALTER TABLE no_such_table ADD COLUMN x integer | [SQL: ALTER TABLE no_such_table ADD COLUMN x integer]",
            ToolError.Of(AlembicOutput));
    }

    [Theory]
    [InlineData("ERROR: relation \"jobs\" already exists\nSTATEMENT: CREATE TABLE jobs ()", "ERROR: relation \"jobs\" already exists | STATEMENT: CREATE TABLE jobs ()")]
    [InlineData("migrating\nstep 2\nsegfault at 0x0\n", "migrating | step 2 | segfault at 0x0")]
    public void Other_tools_errors_and_output_without_one(string output, string expected) =>
        Assert.Equal(expected, ToolError.Of([output]));

    [Fact]
    public async Task The_tools_error_is_read_from_the_stream_the_awslogs_configuration_names()
    {
        var events = new JsonArray([.. AlembicOutput.Select((line, i) => (JsonNode)new JsonObject { ["timestamp"] = 1_764_900_000_000L + i, ["message"] = line, ["ingestionTime"] = 1_764_900_000_500L })]);
        stub.Succeed("GetLogEvents", new JsonObject { ["events"] = events, ["nextForwardToken"] = "f/1", ["nextBackwardToken"] = "b/0" }.ToJsonString());
        using var logs = Client();

        var (error, where) = await new MigrationsTaskLog(logs).ReadAsync(Definition(awslogs: true), "worker", TaskArn, CancellationToken.None);

        Assert.StartsWith("sqlalchemy.exc.ProgrammingError: (psycopg2.errors.UndefinedTable) relation \"no_such_table\" does not exist", error, StringComparison.Ordinal);
        Assert.Equal("its log: aws logs get-log-events --log-group-name /ecs/orchestrai-dev-worker --log-stream-name migrations/worker/0f3c9a7d2b1e4c5f8a6d", where);
        var sent = JsonNode.Parse(stub.Requests.Single().Body)!;
        Assert.Equal(("/ecs/orchestrai-dev-worker", "migrations/worker/0f3c9a7d2b1e4c5f8a6d"), ((string?)sent["logGroupName"], (string?)sent["logStreamName"]));
    }

    [Fact]
    public async Task Reading_denied_says_what_to_allow_and_how_to_see_the_log()
    {
        stub.Fail("GetLogEvents", "AccessDeniedException", "User is not authorized to perform: logs:GetLogEvents");
        using var logs = Client();

        var (error, where) = await new MigrationsTaskLog(logs).ReadAsync(Definition(awslogs: true), "worker", TaskArn, CancellationToken.None);

        Assert.Null(error);
        Assert.Equal(
            "reading its log was denied (allow logs:GetLogEvents on log group /ecs/orchestrai-dev-worker); see it with aws logs get-log-events --log-group-name /ecs/orchestrai-dev-worker --log-stream-name migrations/worker/0f3c9a7d2b1e4c5f8a6d",
            where);
    }

    [Fact]
    public async Task Without_a_log_configuration_nothing_is_read_and_the_line_says_what_to_add()
    {
        using var logs = Client();

        var (error, where) = await new MigrationsTaskLog(logs).ReadAsync(Definition(awslogs: false), "worker", TaskArn, CancellationToken.None);

        Assert.Null(error);
        Assert.Equal("its output is not in CloudWatch Logs: give container 'worker' an awslogs logConfiguration in the task definition to see the tool's error here", where);
        Assert.Empty(stub.Received);
    }

    public void Dispose() => stub.Dispose();

    private LogsClient Client() => new(new AwsClientOptions
    {
        Region = "eu-west-1",
        ServiceUrl = stub.Endpoint,
        Credentials = new BasicAWSCredentials("test", "test"),
        MaxRetries = 0,
    });

    private static JsonObject Definition(bool awslogs)
    {
        var container = new JsonObject { ["name"] = "worker", ["image"] = "worker@sha256:1" };
        if (awslogs)
        {
            container["logConfiguration"] = new JsonObject
            {
                ["logDriver"] = "awslogs",
                ["options"] = new JsonObject { ["awslogs-group"] = "/ecs/orchestrai-dev-worker", ["awslogs-region"] = "eu-west-1", ["awslogs-stream-prefix"] = "migrations" },
            };
        }

        return new JsonObject { ["containerDefinitions"] = new JsonArray(new JsonObject { ["name"] = "sidecar" }, container) };
    }
}
