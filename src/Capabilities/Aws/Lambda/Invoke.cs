namespace Pipeline.Aws.Lambda;

/// <summary>
/// Input of Lambda <c>Invoke</c>: the event (<see cref="Payload"/>, JSON bytes) for a function, one of its versions or
/// an alias (<see cref="Qualifier"/>). Sent as <c>POST …/invocations?Qualifier=</c> with the payload as the raw body.
/// </summary>
public sealed record InvokeRequest
{
    public required string FunctionName { get; init; }

    /// <summary><see cref="LambdaValues.InvocationType"/>; <c>RequestResponse</c> (wait for the answer) by default.</summary>
    public string? InvocationType { get; init; }

    /// <summary><c>Tail</c> to get the last 4 KB of the log in <see cref="InvokeResponse.LogResult"/>.</summary>
    public string? LogType { get; init; }

    /// <summary>Base64 of a JSON object passed to the function as its context (up to 3583 bytes).</summary>
    public string? ClientContext { get; init; }

    public byte[]? Payload { get; init; }

    /// <summary>A version number or an alias name.</summary>
    public string? Qualifier { get; init; }
}

/// <summary>
/// Output of Lambda <c>Invoke</c>: the HTTP status, the function's answer (<see cref="Payload"/>) and, from the
/// response headers, the version that ran (<c>X-Amz-Executed-Version</c>) and whether the function failed
/// (<c>X-Amz-Function-Error</c>: the call succeeds, the function did not).
/// </summary>
public sealed record InvokeResponse
{
    /// <summary>200 for RequestResponse, 202 for Event, 204 for DryRun.</summary>
    public int? StatusCode { get; init; }

    /// <summary><c>Unhandled</c> (or another error type) when the function failed; the error is then in <see cref="Payload"/>.</summary>
    public string? FunctionError { get; init; }

    /// <summary>Base64 of the log's last 4 KB, when <see cref="InvokeRequest.LogType"/> was <c>Tail</c>.</summary>
    public string? LogResult { get; init; }

    public byte[]? Payload { get; init; }

    /// <summary>The version that ran: through an alias with weighted routing, the version the weights chose.</summary>
    public string? ExecutedVersion { get; init; }
}
