namespace Pipeline.Sample.Tests;

/// <summary>
/// One sample without a schema and one migrated, shared by the tests of a class that only read them (no todo is
/// written), so each test does not start its own host and run the migrations again.
/// </summary>
public sealed class SharedSampleHosts : IDisposable
{
    public SampleHost Unmigrated { get; } = new(migrated: false);

    public SampleHost Migrated { get; } = new();

    public void Dispose()
    {
        Unmigrated.Dispose();
        Migrated.Dispose();
    }
}
