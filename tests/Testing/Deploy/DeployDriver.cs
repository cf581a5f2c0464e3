using System.Diagnostics;

namespace Pipeline.Testing;

/// <summary>
/// The deploy driver (tests/Deploy.Tests/Driver, <c>Pipeline.Deploy.Driver.dll</c> next to the test assembly) run as a
/// child process, so a test can kill -9 it mid-deploy. Its output is redirected for the test's messages.
/// </summary>
public static class DeployDriver
{
    public const string AssemblyFileName = "Pipeline.Deploy.Driver.dll";

    /// <summary>Starts <c>dotnet Pipeline.Deploy.Driver.dll &lt;command&gt; &lt;arguments…&gt;</c>.</summary>
    public static Process Start(string command, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, AssemblyFileName));
        start.ArgumentList.Add(command);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return Process.Start(start)!;
    }
}
