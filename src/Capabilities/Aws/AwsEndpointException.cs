namespace Pipeline.Aws;

/// <summary>The endpoint did not answer in time or could not be reached at all (after the configured retries).</summary>
public sealed class AwsEndpointException : AwsException
{
    public AwsEndpointException(string service, string operation, Uri endpoint, string problem, int attempts, bool isTimeout, Exception? innerException = null)
        : base(
            $"{service} {operation} failed: {problem} {endpoint} (after {Attempts(attempts)}); " +
            AwsErrorHints.ForUnreachable(service, endpoint, isTimeout, IsRefused(innerException)),
            innerException)
    {
        Service = service;
        Operation = operation;
        Endpoint = endpoint;
        AttemptCount = attempts;
        IsTimeout = isTimeout;
    }

    public string Service { get; }

    public string Operation { get; }

    /// <summary>The endpoint that did not answer.</summary>
    public Uri Endpoint { get; }

    public int AttemptCount { get; }

    /// <summary>True when the endpoint accepted the connection (or stayed silent) but sent no answer within the timeout.</summary>
    public bool IsTimeout { get; }

    private static bool IsRefused(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.ConnectionRefused })
            {
                return true;
            }
        }

        return false;
    }

    private static string Attempts(int count) => count == 1 ? "1 attempt" : $"{count} attempts";
}
