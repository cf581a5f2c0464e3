using System.Globalization;
using System.Text.Json.Nodes;
using Pipeline.Aws.Local.Protocol;

namespace Pipeline.Aws.Local.Logs;

/// <summary>
/// The CloudWatch Logs operations that read what a stand-in's tasks wrote: CreateLogGroup, DescribeLogGroups,
/// DescribeLogStreams and GetLogEvents. <paramref name="refresh"/> brings a stream up to date before it is read (the
/// output of a container still running).
/// </summary>
internal sealed class LogsOperations(LogStore store, string region, string account, Func<string, string, CancellationToken, Task>? refresh = null)
{
    private const int MaxEvents = 10_000;

    public IReadOnlyDictionary<string, Func<JsonMembers, CancellationToken, Task<JsonObject>>> Table => new Dictionary<string, Func<JsonMembers, CancellationToken, Task<JsonObject>>>(StringComparer.Ordinal)
    {
        ["CreateLogGroup"] = (r, _) => Task.FromResult(CreateLogGroup(r)),
        ["DescribeLogGroups"] = (r, _) => Task.FromResult(DescribeLogGroups(r)),
        ["DescribeLogStreams"] = (r, _) => Task.FromResult(DescribeLogStreams(r)),
        ["GetLogEvents"] = GetLogEventsAsync,
    };

    private JsonObject CreateLogGroup(JsonMembers request)
    {
        var name = request.Required("logGroupName");
        return store.CreateGroup(name) ? [] : throw LogsException.GroupExists();
    }

    private JsonObject DescribeLogGroups(JsonMembers request)
    {
        var prefix = request.String("logGroupNamePrefix");
        var (start, limit) = Page(request, 50);
        var groups = store.Groups().Where(g => prefix is null || g.Name.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        var page = groups.Skip(start).Take(limit).Select(g => (JsonNode?)new JsonObject
        {
            ["logGroupName"] = g.Name,
            ["creationTime"] = g.CreationTime,
            ["metricFilterCount"] = 0,
            ["arn"] = GroupArn(g.Name) + ":*",
            ["logGroupArn"] = GroupArn(g.Name),
            ["storedBytes"] = 0,
            ["logGroupClass"] = "STANDARD",
        });
        return WithToken(new JsonObject { ["logGroups"] = JsonNodes.Array(page) }, start, limit, groups.Count);
    }

    private JsonObject DescribeLogStreams(JsonMembers request)
    {
        var group = Group(request);
        var prefix = request.String("logStreamNamePrefix");
        var byTime = request.String("orderBy") switch
        {
            null or "LogStreamName" => false,
            "LastEventTime" when prefix is null => true,
            "LastEventTime" => throw LogsException.InvalidParameter("Cannot order by LastEventTime with a logStreamNamePrefix."),
            var other => throw LogsException.InvalidParameter($"orderBy {other} must be LogStreamName or LastEventTime."),
        };
        var (start, limit) = Page(request, 50);
        IEnumerable<LogStreamInfo> streams = store.Streams(group).Where(s => prefix is null || s.Name.StartsWith(prefix, StringComparison.Ordinal));
        streams = byTime ? streams.OrderBy(s => s.LastEventTimestamp ?? s.CreationTime) : streams;
        var all = (request.Bool("descending") == true ? streams.Reverse() : streams).ToList();
        var page = all.Skip(start).Take(limit).Select(s => (JsonNode?)JsonNodes.Object(
            ("logStreamName", s.Name),
            ("creationTime", s.CreationTime),
            ("firstEventTimestamp", s.FirstEventTimestamp),
            ("lastEventTimestamp", s.LastEventTimestamp),
            ("lastIngestionTime", s.LastIngestionTime),
            ("arn", $"{GroupArn(group)}:log-stream:{s.Name}"),
            ("storedBytes", 0)));
        return WithToken(new JsonObject { ["logStreams"] = JsonNodes.Array(page) }, start, limit, all.Count);
    }

    /// <summary>
    /// The events of one stream within [startTime, endTime): from a token, else the first (startFromHead) or the last
    /// <c>limit</c>; always oldest first. Tokens are <c>f/&lt;index&gt;</c> and <c>b/&lt;index&gt;</c>; at the end of the
    /// stream the token given comes back, as AWS answers.
    /// </summary>
    private async Task<JsonObject> GetLogEventsAsync(JsonMembers request, CancellationToken cancellationToken)
    {
        var group = Group(request);
        var stream = request.Required("logStreamName");
        var limit = request.Int("limit") ?? MaxEvents;
        if (limit is < 1 or > MaxEvents)
        {
            throw LogsException.InvalidParameter($"limit must be between 1 and {MaxEvents}.");
        }

        if (refresh is not null)
        {
            await refresh(group, stream, cancellationToken);
        }

        var all = store.Events(group, stream) ?? throw LogsException.StreamNotFound();
        var (from, to) = (request.Long("startTime") ?? long.MinValue, request.Long("endTime") ?? long.MaxValue);
        var events = all.Where(e => e.Timestamp >= from && e.Timestamp < to).ToList();
        var token = request.String("nextToken");
        int first;
        int end;
        if (token is null)
        {
            (first, end) = request.Bool("startFromHead") == true ? (0, Math.Min(limit, events.Count)) : (Math.Max(0, events.Count - limit), events.Count);
        }
        else if (token.Length > 2 && token[1] == '/' && int.TryParse(token.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var at) && at <= events.Count && token[0] is 'f' or 'b')
        {
            (first, end) = token[0] == 'f' ? (at, Math.Min(events.Count, at + limit)) : (Math.Max(0, at - limit), at);
        }
        else
        {
            throw LogsException.InvalidParameter("The specified nextToken is not valid.");
        }

        return new JsonObject
        {
            ["events"] = JsonNodes.Array(events.Skip(first).Take(end - first).Select(e => (JsonNode?)new JsonObject
            {
                ["timestamp"] = e.Timestamp,
                ["message"] = e.Message,
                ["ingestionTime"] = e.IngestionTime,
            })),
            ["nextForwardToken"] = token is not null && token[0] == 'f' && first == end ? token : $"f/{end.ToString(CultureInfo.InvariantCulture)}",
            ["nextBackwardToken"] = token is not null && token[0] == 'b' && first == end ? token : $"b/{first.ToString(CultureInfo.InvariantCulture)}",
        };
    }

    /// <summary>The group a request names (logGroupName or logGroupIdentifier: a name or ARN, not both); it must exist.</summary>
    private string Group(JsonMembers request)
    {
        var name = request.String("logGroupName");
        var identifier = request.String("logGroupIdentifier");
        if (name is null == identifier is null)
        {
            throw LogsException.InvalidParameter("Exactly one of logGroupName and logGroupIdentifier must be given.");
        }

        var group = name ?? FromArn(identifier!);
        return store.GroupExists(group) ? group : throw LogsException.GroupNotFound();
    }

    private static string FromArn(string identifier)
    {
        const string marker = ":log-group:";
        var at = identifier.IndexOf(marker, StringComparison.Ordinal);
        if (!identifier.StartsWith("arn:", StringComparison.Ordinal) || at < 0)
        {
            return identifier;
        }

        var name = identifier[(at + marker.Length)..];
        return name.EndsWith(":*", StringComparison.Ordinal) ? name[..^2] : name;
    }

    private static (int Start, int Limit) Page(JsonMembers request, int max)
    {
        var limit = request.Int("limit") ?? max;
        if (limit < 1 || limit > max)
        {
            throw LogsException.InvalidParameter($"limit must be between 1 and {max}.");
        }

        var start = 0;
        if (request.String("nextToken") is { } token && !int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out start))
        {
            throw LogsException.InvalidParameter("The specified nextToken is not valid.");
        }

        return (start, limit);
    }

    private static JsonObject WithToken(JsonObject answer, int start, int limit, int count)
    {
        if (start + limit < count)
        {
            answer["nextToken"] = (start + limit).ToString(CultureInfo.InvariantCulture);
        }

        return answer;
    }

    private string GroupArn(string group) => $"arn:aws:logs:{region}:{account}:log-group:{group}";
}
