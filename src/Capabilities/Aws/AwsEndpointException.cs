namespace Pipeline.Aws;

/// <summary>The endpoint did not answer in time or could not be reached at all (after the configured retries).</summary>
public sealed class AwsEndpointException : AwsException
{
    public AwsEndpointException(string service, string operation, Uri endpoint, string problem, int attempts, bool isTimeout, Exception? innerException = null)
        : base(
            $"{service} {operation} failed: {problem} {endpoint} (after {Attempts(attempts)}); " +
            (isTimeout
                ? "check the endpoint URL, network route or VPC endpoint, or raise the timeout"
                : "check the endpoint URL and network access (proxy, firewall, VPC endpoint)"),
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

    private static string Attempts(int count) => count == 1 ? "1 attempt" : $"{count} attempts";
}
