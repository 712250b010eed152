using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sym.Sdk.Hosting.Internal.Api;

/// <summary>The API's JSON contract, source-generated: camelCase, nulls omitted.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CreateRequestBody))]
[JsonSerializable(typeof(DecisionBody))]
[JsonSerializable(typeof(ExtendBody))]
[JsonSerializable(typeof(ActionResponse))]
[JsonSerializable(typeof(RunResponse))]
[JsonSerializable(typeof(RunListResponse))]
[JsonSerializable(typeof(AuditResponse))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
