using System.Text.Json;

namespace Pipeline.Components.Testing;

/// <summary>
/// The inputs of the last green unit test run (<c>.nuke/temp/test-inputs.json</c>). Written only after a run passed
/// (tests and coverage threshold); removed when a run starts, so a failed or interrupted run never leaves one behind.
/// </summary>
public sealed record PassedTestsRecord(string Inputs, DateTimeOffset PassedAt)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>The record, or null when there is none or it cannot be read (then the tests simply run).</summary>
    public static PassedTestsRecord? Read(string path)
    {
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize<PassedTestsRecord>(File.ReadAllText(path), Json) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static void Forget(string path) => File.Delete(path);

    public async Task WriteAsync(string path, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(this, Json) + "\n", cancellationToken);
    }
}
