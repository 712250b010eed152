namespace Sym.Sdk.Integrations.Aws.Strategies.Internal;

/// <summary>
/// Writes an <see cref="Event"/> as Sym's wire JSON for <see cref="AwsLambdaStrategy"/>. A seam: the interim
/// <see cref="InterimSymEventWireWriter"/> stands in until <c>Sym.Sdk.Serialization.SymEventJson.Serialize</c> is merged,
/// then this delegates to it.
/// </summary>
internal interface ISymEventWireWriter
{
    byte[] Serialize(Event evt);
}
