namespace DirectoryService.Search;

/// <summary>
/// A search as one statement and its parameters, built from <see cref="SearchCriteria"/> without a connection, so
/// the SQL each adapter sends can be read and unit-tested apart from running it.
/// </summary>
public sealed record SearchStatement(string Sql, IReadOnlyDictionary<string, object?> Parameters);

/// <summary>The parameters of a statement being built: each value is added once, under its own name.</summary>
public sealed class SqlParameters
{
    private readonly Dictionary<string, object?> _values = [];

    public IReadOnlyDictionary<string, object?> Values => _values;

    /// <summary>Adds a parameter and returns its placeholder; a name used twice is a bug in the builder.</summary>
    public string Add(string name, object? value)
    {
        if (!_values.TryAdd(name, value)) throw new InvalidOperationException($"Parameter @{name} is already set.");
        return "@" + name;
    }

    /// <summary>One parameter per value (prefix0, prefix1, ...), as a comma-separated list of placeholders.</summary>
    public string List(string prefix, IReadOnlyList<string> values) =>
        string.Join(", ", values.Select((v, i) => Add($"{prefix}{i}", v)));
}
