using BuildingBlocks.Persistence;

namespace Portal.Identity;

/// <summary>
/// The demo data names organisations with slugs ("org-cosham-mens-shed"); the Directory turns each into a Guid with
/// <see cref="StableId"/>, so the portal can name the same organisation without asking the Directory.
/// </summary>
public static class OrganisationIds
{
    public static Guid FromSlug(string slug) => StableId.From(slug);
}
