namespace Sym.Sdk.Integrations.Okta.Internal;

/// <summary>What a call was about, so a bare "not found" (E0000007) maps to the right code.</summary>
internal enum OktaResource
{
    None = 0,
    User = 1,
    Group = 2,
}
