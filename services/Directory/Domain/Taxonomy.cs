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
}
