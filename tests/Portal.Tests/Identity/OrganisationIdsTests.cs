using Portal.Identity;

namespace Portal.Tests.Identity;

public sealed class OrganisationIdsTests
{
    [Fact]
    public void A_slug_maps_to_the_RFC_4122_version_5_uuid_in_the_URL_namespace()
    {
        // Python: uuid.uuid5(uuid.NAMESPACE_URL, "org-paulsgrove-good-neighbours")
        Assert.Equal(new Guid("e76a50a6-8904-5c42-969c-31e69367729b"), OrganisationIds.FromSlug("org-paulsgrove-good-neighbours"));
    }

    [Fact]
    public void Different_slugs_map_to_different_ids()
    {
        Assert.NotEqual(OrganisationIds.FromSlug("org-cosham-mens-shed"), OrganisationIds.FromSlug("org-hilltop-bereavement"));
    }
}
