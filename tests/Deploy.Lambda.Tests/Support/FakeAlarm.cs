namespace Pipeline.Deploy.Lambda.Tests.Support;

/// <summary>A CloudWatch alarm as the fake's <c>DescribeAlarms</c> answers it.</summary>
internal sealed record FakeAlarm(string Name, string State, DateTimeOffset Since, string Reason = "Threshold Crossed: 1 datapoint was greater than the threshold");
