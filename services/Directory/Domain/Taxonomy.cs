namespace DirectoryService.Domain;

/// <summary>A vocabulary of terms (ORUK "taxonomy"), e.g. activity types or needs.</summary>
public sealed class Taxonomy
{
    public Guid Id { get; private set; }
    public string Name { get; private set; } = "";
    public string? Description { get; private set; }

    private Taxonomy() { }

    public Taxonomy(Guid id, string name, string? description)
    {
        Id = id;
        Name = name;
        Description = description;
    }
}

/// <summary>A term (ORUK "taxonomy_term"); Code is what listings and search filters use.</summary>
public sealed class TaxonomyTerm
{
    public Guid Id { get; private set; }
    public Guid TaxonomyId { get; private set; }
    public string Code { get; private set; } = "";
    public string Name { get; private set; } = "";
    public string? Description { get; private set; }
    public Guid? ParentId { get; private set; }
    /// <summary>Retired: kept (old links and history name it) but no longer offered or given to a listing.</summary>
    public bool Retired { get; private set; }
    /// <summary>The term a retired one was merged into, whose listings it moved to.</summary>
    public Guid? MergedIntoId { get; private set; }
    /// <summary>The names of terms merged into this one, which search keeps finding its listings by.</summary>
    public string? AlsoKnownAs { get; private set; }

    /// <summary>The words search finds its listings by: its name and the names of the terms merged into it.</summary>
    public string SearchText => AlsoKnownAs is null ? Name : $"{Name} {AlsoKnownAs}";

    private TaxonomyTerm() { }

    public TaxonomyTerm(Guid id, Guid taxonomyId, string code, string name, string? description, Guid? parentId = null)
    {
        Id = id;
        TaxonomyId = taxonomyId;
        Code = code;
        Name = name;
        Description = description;
        ParentId = parentId;
    }

    public void Rename(string name, string? description)
    {
        Name = name.Trim();
        Description = string.IsNullOrWhiteSpace(description) ? null : description.Trim();
    }

    /// <summary>Under another term of the same taxonomy (null: top level); never under itself or its own descendants.</summary>
    public void MoveUnder(TaxonomyTerm? parent, IReadOnlyCollection<TaxonomyTerm> all)
    {
        if (parent is not null)
        {
            if (parent.TaxonomyId != TaxonomyId) throw Invalid("parentCode", "The new parent is in another taxonomy.");
            for (var at = parent; at is not null; at = at.ParentId is { } up ? all.FirstOrDefault(t => t.Id == up) : null)
                if (at.Id == Id) throw Invalid("parentCode", "A term cannot move under itself or one of its own sub-terms.");
        }
        ParentId = parent?.Id;
    }

    /// <summary>This term is merged into <paramref name="survivor"/>: retired, and its name kept as one of the survivor's.</summary>
    public void MergeInto(TaxonomyTerm survivor)
    {
        if (survivor.Id == Id) throw Invalid("into", "A term cannot be merged into itself.");
        if (survivor.Retired) throw Invalid("into", "The term to merge into is retired.");
        if (Retired) throw new BuildingBlocks.Web.ConflictException($"'{Code}' is already retired.");
        survivor.AlsoKnownAs = string.Join(' ', new[] { survivor.AlsoKnownAs, SearchText }.Where(n => !string.IsNullOrWhiteSpace(n)));
        if (survivor.AlsoKnownAs.Length > 1000) survivor.AlsoKnownAs = survivor.AlsoKnownAs[..1000];
        Retired = true;
        MergedIntoId = survivor.Id;
    }

    public void Retire()
    {
        if (Retired) throw new BuildingBlocks.Web.ConflictException($"'{Code}' is already retired.");
        Retired = true;
    }

    private static BuildingBlocks.Web.RuleViolationException Invalid(string field, string message) =>
        new(message, new Dictionary<string, string[]> { [field] = [message] });
}

/// <summary>
/// The taxonomy as a listing may carry it now. A proposal made before a merge names the merged term, which stands for the
/// term it was merged into (followed to the live one); a term retired without a merge is dropped. So approving a
/// proposal that waited never brings a retired term back onto a listing.
/// </summary>
public sealed class LiveTerms
{
    private readonly Dictionary<string, TaxonomyTerm> _byCode;
    private readonly Dictionary<Guid, TaxonomyTerm> _byId;

    public LiveTerms(IEnumerable<TaxonomyTerm> all)
    {
        var terms = all.ToList();
        _byCode = terms.ToDictionary(t => t.Code, StringComparer.Ordinal);
        _byId = terms.ToDictionary(t => t.Id);
    }

    /// <summary>Each code as it stands now (unknown codes are left for the listing's own checks), without repeats.</summary>
    public IReadOnlyList<string> Current(IEnumerable<string> codes) =>
        [.. codes.Select(Current).OfType<string>().Distinct()];

    private string? Current(string code)
    {
        if (!_byCode.TryGetValue(code, out var term)) return code;
        // A chain of merges ends at a live term; the count guards against a cycle the rules never make.
        for (var hops = 0; term.Retired && hops <= _byId.Count; hops++)
        {
            if (term.MergedIntoId is not { } into || !_byId.TryGetValue(into, out var survivor)) return null;
            term = survivor;
        }
        return term.Retired ? null : term.Code;
    }
}
