using System.Text.Json.Serialization;

namespace Sym.Sdk.Integrations.Okta.Internal;

/// <summary>Source-generated JSON for every Okta payload (trimming- and AOT-safe).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(OktaUser))]
[JsonSerializable(typeof(List<OktaUser>))]
[JsonSerializable(typeof(OktaGroup))]
[JsonSerializable(typeof(List<OktaGroup>))]
[JsonSerializable(typeof(OktaErrorBody))]
[JsonSerializable(typeof(OktaTokenResponse))]
[JsonSerializable(typeof(OAuthErrorBody))]
internal sealed partial class OktaJsonContext : JsonSerializerContext;
