using Pipeline.Sample;

// The sample service the pipeline deploys. Listens where ASPNETCORE_URLS / --urls says; never migrates its database
// while serving: `--migrate` is a separate one-off command (a platform's migrations task).
if (args.Length > 0 && args[0] == HealthProbe.Argument)
{
    return await HealthProbe.RunAsync(args);
}

if (args.Length > 0 && args[0] == MigrateCommand.Argument)
{
    var configuration = new ConfigurationBuilder()
        .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
        .AddEnvironmentVariables()
        .AddCommandLine(args[1..])
        .Build();
    return await MigrateCommand.RunAsync(configuration, Console.Out, Console.Error);
}

var builder = WebApplication.CreateBuilder(args);
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(20)); // SIGTERM: finish in-flight requests
builder.Services.AddSingleton(sp => FaultSwitch.From(sp.GetRequiredService<IConfiguration>()));
builder.Services.AddSingleton(sp => SampleDatabase.From(sp.GetRequiredService<IConfiguration>()));
builder.Services.AddSingleton(sp => BuildVersion.From(sp.GetRequiredService<IConfiguration>()));
builder.Services.AddSingleton<TodoStore>();
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));

var app = builder.Build();
var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Pipeline.Sample");
FaultSwitch fault;
BuildVersion version;
try
{
    fault = app.Services.GetRequiredService<FaultSwitch>();
    version = app.Services.GetRequiredService<BuildVersion>();
    _ = app.Services.GetRequiredService<SampleDatabase>();
}
catch (SampleConfigurationException e)
{
    await Console.Error.WriteLineAsync($"pipeline-sample: {e.Message}");
    return 2;
}

if (fault.Mode != FaultMode.None)
{
    logger.LogWarning("FAULT SWITCH ON: SAMPLE_FAULT={Fault} — this release is deliberately bad", fault);
}

if (fault.Mode == FaultMode.Crash)
{
    await Console.Error.WriteLineAsync("pipeline-sample: crashing at startup because SAMPLE_FAULT=crash");
    return 1;
}

app.UseMiddleware<FaultMiddleware>();
app.MapHealth();
app.MapGet("/version", (BuildVersion v) => Results.Ok(v));
app.MapTodos();

logger.LogInformation("pipeline-sample {Version} ({Sha}) starting; database {Provider}",
    version.Version, version.GitSha, app.Services.GetRequiredService<SampleDatabase>().Provider);
await app.RunAsync();
return 0;

/// <summary>Entry point; public so tests can host it with WebApplicationFactory.</summary>
public partial class Program;
