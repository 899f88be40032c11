using System.Collections.Concurrent;

namespace BuildingBlocks.Messaging;

/// <summary>Maps an outbox row's type name back to the contract type; only Contracts types may be published.</summary>
public static class ContractTypes
{
    private static readonly ConcurrentDictionary<string, Type> Cache = new();

    public static Type Resolve(string fullName) => Cache.GetOrAdd(fullName, name =>
        typeof(Contracts.Directory.ServiceListed).Assembly.GetType(name)
        ?? throw new InvalidOperationException($"Unknown contract type '{name}'"));
}
