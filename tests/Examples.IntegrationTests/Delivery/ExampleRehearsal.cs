using Pipeline.Testing;
using Pipeline.Testing.Packages;
using Testcontainers.PostgreSql;
using Xunit.Abstractions;

namespace Pipeline.Examples.IntegrationTests.Delivery;

/// <summary>
/// An example's repository ready to rehearse on the local ECS: a PostgreSQL its tasks reach (<c>DATABASE_URL</c>), free
/// ports, the offline Debian base; disposing takes the local ECS down (tasks, listeners, registry) and the database.
/// </summary>
public sealed class ExampleRehearsal : IAsyncDisposable
{
    private ExampleRehearsal(ExampleRepository repository, PostgreSqlContainer postgres, IReadOnlyDictionary<string, string> environment)
    {
        Repository = repository;
        Postgres = postgres;
        Environment = environment;
    }

    public ExampleRepository Repository { get; }

    public PostgreSqlContainer Postgres { get; }

    public RehearsalPorts Ports { get; } = RehearsalPorts.Free();

    /// <summary>What the build gets besides the packages' NuGet setup.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }

    /// <summary><paramref name="example"/> in a fresh repository, with a database <paramref name="database"/> owned by the same-named user.</summary>
    public static async Task<ExampleRehearsal> StartAsync(TemplatePackages packages, string example, string database, ITestOutputHelper log, CancellationToken ct)
    {
        var repository = await ExampleRepository.CreateAsync(packages, example, log, ct);
        var postgres = new PostgreSqlBuilder(TestImages.Postgres).WithDatabase(database).WithUsername(database).WithPassword(database).Build();
        await postgres.StartAsync(ct);
        return new ExampleRehearsal(repository, postgres, new Dictionary<string, string>
        {
            ["DEBIAN_IMAGE"] = TestImages.Debian,
            ["DATABASE_URL"] = $"postgresql://{database}:{database}@{postgres.IpAddress}:5432/{database}",
            ["PIPELINE_READY_TO_RUN"] = "0",
        });
    }

    /// <summary>Runs <c>./build.sh <paramref name="target"/></c> with <paramref name="arguments"/> and the rehearsal's ports; must succeed.</summary>
    public Task<CliWrap.Buffered.BufferedCommandResult> BuildAsync(string target, CancellationToken ct, params string[] arguments) =>
        Repository.BuildAsync(Environment, ct, [target, .. arguments, .. Ports.Arguments]);

    /// <summary>As <see cref="BuildAsync"/>, expecting it to fail.</summary>
    public Task<CliWrap.Buffered.BufferedCommandResult> FailingBuildAsync(string target, CancellationToken ct, params string[] arguments) =>
        Repository.FailingBuildAsync(Environment, ct, [target, .. arguments, .. Ports.Arguments]);

    public async ValueTask DisposeAsync()
    {
        await Repository.BuildAsync(Environment, CancellationToken.None, ["LocalEcsDown", .. Ports.Arguments]);
        await Postgres.DisposeAsync();
    }
}
