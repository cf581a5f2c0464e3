using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace Pipeline.Aws;

/// <summary>One operation of a service as the client sends it, whatever its input and output types.</summary>
internal interface IAwsOperation
{
    /// <summary>The model's operation name, e.g. <c>RunTask</c>.</summary>
    string Name { get; }

    /// <summary>The input member with the model's <c>idempotencyToken</c> trait, filled with a UUID when the caller gave none.</summary>
    string? IdempotencyToken { get; }

    /// <summary>The IAM action without its service prefix (<c>Invoke</c> is <c>InvokeFunction</c>).</summary>
    string IamAction { get; }

    /// <summary>Where each member travels, for REST protocols; null for AWS JSON.</summary>
    AwsHttpBinding? Http { get; }

    Type InputType { get; }

    Type OutputType { get; }

    /// <summary>The JSON options of the input and output types.</summary>
    JsonSerializerOptions Options { get; }

    /// <summary>Sends an input given as JSON (member names of the model) and returns the typed output: for tests that walk every operation.</summary>
    Task<object?> SendJsonAsync(AwsJsonClient client, JsonObject input, CancellationToken cancellationToken);
}

/// <summary>An operation with its typed input and output and the model traits the client honours for it.</summary>
internal sealed record AwsOperation<TInput, TOutput>(string Name, JsonTypeInfo<TInput> Input, JsonTypeInfo<TOutput> Output) : IAwsOperation
{
    public string? IdempotencyToken { get; init; }

    public string IamAction
    {
        get => field ?? Name;
        init;
    }

    public AwsHttpBinding? Http { get; init; }

    public Type InputType => typeof(TInput);

    public Type OutputType => typeof(TOutput);

    public JsonSerializerOptions Options => Input.Options;

    public async Task<object?> SendJsonAsync(AwsJsonClient client, JsonObject input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var typed = input.Deserialize(Input) ?? throw new ArgumentException("the input is null", nameof(input));
        return await client.SendAsync(this, typed, cancellationToken);
    }
}
