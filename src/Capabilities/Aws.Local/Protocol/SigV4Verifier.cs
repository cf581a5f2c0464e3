using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Pipeline.Aws.Local.Protocol;

/// <summary>
/// Checks the Signature Version 4 of a request against the configured credentials, recomputing it from the request as
/// received, and answers AWS's errors: MissingAuthenticationTokenException (not signed), UnrecognizedClientException
/// (unknown access key), InvalidSignatureException (wrong signature, wrong scope or a clock more than 15 minutes off).
/// </summary>
public sealed class SigV4Verifier(string accessKey, string secretKey, string region, TimeProvider time)
{
    private const string Algorithm = "AWS4-HMAC-SHA256";

    /// <summary>Throws <see cref="AwsProtocolException"/> unless <paramref name="request"/> is signed for <paramref name="service"/> with the configured key.</summary>
    public void Verify(HttpRequest request, byte[] body, string service)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(body);
        var authorization = request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(authorization))
        {
            throw new AwsProtocolException("MissingAuthenticationTokenException", "Missing Authentication Token", 403);
        }

        if (!authorization.StartsWith(Algorithm + " ", StringComparison.Ordinal))
        {
            throw new AwsProtocolException("IncompleteSignatureException", $"Authorization header requires the {Algorithm} algorithm.", 403);
        }

        var parts = authorization[(Algorithm.Length + 1)..]
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        if (!parts.TryGetValue("Credential", out var credential) || !parts.TryGetValue("SignedHeaders", out var signedHeaders)
            || !parts.TryGetValue("Signature", out var signature))
        {
            throw new AwsProtocolException(
                "IncompleteSignatureException", "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters.", 403);
        }

        var scope = credential.Split('/');
        if (scope.Length != 5 || scope[4] != "aws4_request")
        {
            throw new AwsProtocolException("IncompleteSignatureException", $"Credential '{credential}' is not <key>/<date>/<region>/<service>/aws4_request.", 403);
        }

        if (!string.Equals(scope[0], accessKey, StringComparison.Ordinal))
        {
            throw new AwsProtocolException("UnrecognizedClientException", "The security token included in the request is invalid.");
        }

        if (scope[2] != region || scope[3] != service)
        {
            throw new AwsProtocolException(
                "InvalidSignatureException",
                $"Credential should be scoped to a valid region and service: this endpoint serves region '{region}', service '{service}'.", 403);
        }

        var amzDate = request.Headers["X-Amz-Date"].ToString();
        if (!DateTimeOffset.TryParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var signedAt))
        {
            throw new AwsProtocolException("IncompleteSignatureException", "The request must carry an X-Amz-Date header (yyyyMMddTHHmmssZ).", 403);
        }

        var now = time.GetUtcNow();
        if ((now - signedAt).Duration() > TimeSpan.FromMinutes(15))
        {
            throw new AwsProtocolException(
                "InvalidSignatureException",
                $"Signature expired: {amzDate} is now earlier than {(now - TimeSpan.FromMinutes(15)).ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}.",
                403);
        }

        var canonical = CanonicalRequest(request, signedHeaders, body);
        var stringToSign = string.Join('\n', Algorithm, amzDate, string.Join('/', scope[1..]), Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical))));
        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secretKey), scope[1]);
        key = Hmac(key, scope[2]);
        key = Hmac(key, scope[3]);
        key = Hmac(key, "aws4_request");
        var expected = Hex(Hmac(key, stringToSign));
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature)))
        {
            throw new AwsProtocolException(
                "InvalidSignatureException",
                "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.",
                403);
        }
    }

    private static string CanonicalRequest(HttpRequest request, string signedHeaders, byte[] body)
    {
        var builder = new StringBuilder();
        builder.Append(request.Method).Append('\n');
        var path = string.IsNullOrEmpty(request.Path.Value) ? "/" : request.Path.Value;
        builder.Append(string.Join('/', path.Split('/').Select(s => Uri.EscapeDataString(Uri.EscapeDataString(Uri.UnescapeDataString(s)))))).Append('\n');
        builder.Append(CanonicalQuery(request.QueryString.Value)).Append('\n');
        foreach (var name in signedHeaders.Split(';'))
        {
            var values = name == "host" ? request.Host.Value ?? "" : string.Join(',', request.Headers[name].Select(v => string.Join(' ', (v ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))));
            builder.Append(name).Append(':').Append(values.Trim()).Append('\n');
        }

        builder.Append('\n').Append(signedHeaders).Append('\n');
        var payloadHash = request.Headers["X-Amz-Content-Sha256"].ToString();
        builder.Append(string.IsNullOrEmpty(payloadHash) ? Hex(SHA256.HashData(body)) : payloadHash);
        return builder.ToString();
    }

    private static string CanonicalQuery(string? query)
    {
        var text = (query ?? "").TrimStart('?');
        return text.Length == 0
            ? ""
            : string.Join('&', text.Split('&', StringSplitOptions.RemoveEmptyEntries)
                .Select(pair => pair.Split('=', 2))
                .Select(p => (Name: Encode(p[0]), Value: p.Length > 1 ? Encode(p[1]) : ""))
                .OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal)
                .Select(p => $"{p.Name}={p.Value}"));

        static string Encode(string raw) => Uri.EscapeDataString(Uri.UnescapeDataString(raw));
    }

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
