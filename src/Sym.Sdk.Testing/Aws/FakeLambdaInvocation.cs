namespace Sym.Sdk.Testing.Aws;

/// <summary>A Lambda invocation <see cref="FakeAws"/> received.</summary>
/// <param name="FunctionName">The function name or ARN as called.</param>
/// <param name="Payload">The event JSON.</param>
/// <param name="InvocationType"><c>RequestResponse</c> or <c>Event</c>.</param>
public sealed record FakeLambdaInvocation(string FunctionName, string Payload, string InvocationType);
