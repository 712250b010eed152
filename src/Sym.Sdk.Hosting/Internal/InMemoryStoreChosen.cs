namespace Sym.Sdk.Hosting.Internal;

/// <summary>Registered by <c>SymHostingBuilder.UseInMemoryStore</c>: the host may run on the in-memory store.</summary>
internal sealed class InMemoryStoreChosen;
