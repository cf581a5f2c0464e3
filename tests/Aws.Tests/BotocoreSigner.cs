using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Pipeline.Aws.Tests;

/// <summary>
/// botocore's SigV4 signer (<c>sigv4_reference.py</c>) in one python3 process for a whole test class: importing botocore
/// costs far more CPU than signing, so the process starts on the first request and answers one JSON line per request.
/// </summary>
public sealed class BotocoreSigner : IDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly StringBuilder errors = new();
    private Process? process;

    /// <summary>The Authorization header botocore computes for <paramref name="arguments"/> (see the script's usage).</summary>
    public async Task<string> AuthorizationAsync(object arguments)
    {
        await gate.WaitAsync();
        try
        {
            var python = process ??= Start();
            await python.StandardInput.WriteLineAsync(JsonSerializer.Serialize(arguments));
            await python.StandardInput.FlushAsync();
            var line = await python.StandardOutput.ReadLineAsync();
            if (line is null)
            {
                await python.WaitForExitAsync();
                Assert.Fail($"botocore reference failed (exit code {python.ExitCode}): {Errors()}");
            }

            return line.Trim();
        }
        finally
        {
            gate.Release();
        }
    }

    public void Dispose()
    {
        if (process is not null)
        {
            process.StandardInput.Close();
            if (!process.WaitForExit(5000))
            {
                process.Kill(entireProcessTree: true);
            }

            process.Dispose();
        }

        gate.Dispose();
    }

    private Process Start()
    {
        var started = Process.Start(new ProcessStartInfo("python3")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "sigv4_reference.py") },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        started.ErrorDataReceived += (_, e) =>
        {
            lock (errors)
            {
                errors.AppendLine(e.Data);
            }
        };
        started.BeginErrorReadLine();
        return started;
    }

    private string Errors()
    {
        lock (errors)
        {
            return errors.ToString();
        }
    }
}
