using BuildingBlocks.Persistence;
using DirectoryService.Domain;
using Microsoft.EntityFrameworkCore;

namespace DirectoryService.Data.Seed;

/// <summary>
/// The taxonomy for social prescribing and isolation: reference data every installation needs, so it is added at
/// migration time (only terms that are missing; curators may add more).
/// </summary>
public static class TaxonomySeed
{
    public static readonly Guid Activities = StableId.From("taxonomy-activities");
    public static readonly Guid Needs = StableId.From("taxonomy-needs");

    public static readonly IReadOnlyList<(Guid Taxonomy, string Code, string Name, string Description)> Terms =
    [
        (Activities, "befriending", "Befriending", "Regular company from a volunteer, at home, by phone or out and about."),
        (Activities, "support-groups", "Support groups", "Meeting others in a similar situation for mutual support."),
        (Activities, "bereavement-support", "Bereavement support", "Help and company after someone has died."),
        (Activities, "day-centres", "Day centres", "Day-time places offering activities, meals and care."),
        (Activities, "advice", "Advice", "Information and advice on money, housing, benefits and rights."),
        (Activities, "mental-health-wellbeing", "Mental health and wellbeing", "Activities and support for emotional wellbeing."),
        (Activities, "lunch-clubs", "Breakfast and lunch clubs", "Shared meals in good company."),
        (Activities, "faith-groups", "Faith groups", "Groups run by or meeting at places of worship."),
        (Activities, "sport-physical-activity", "Sport and physical activity", "Walking, dancing, exercise classes and sport for all abilities."),
        (Activities, "arts-crafts", "Arts and crafts", "Making, singing, painting, knitting and other creative activities."),
        (Activities, "volunteering", "Volunteering", "Giving time to help others and the community."),
        (Activities, "employment-skills", "Employment and skills", "Learning, training and help into work."),
        (Activities, "mens-sheds", "Men's sheds", "Community workshops where people make, mend and talk."),
        (Activities, "parent-baby", "Parent and baby groups", "Groups for parents and carers with babies and young children."),
        (Activities, "digital-inclusion", "Digital inclusion", "Help with phones, tablets, the internet and the NHS App."),
        (Activities, "gardening-green-spaces", "Gardening and green spaces", "Allotments, community gardens and nature."),
        (Needs, "loneliness", "Loneliness", "For people who feel lonely."),
        (Needs, "social-isolation", "Social isolation", "For people with little contact with others."),
        (Needs, "carers", "Carers", "For people who look after someone."),
        (Needs, "new-parents", "New parents", "For people who have recently had or adopted a child."),
        (Needs, "bereavement", "Bereavement", "For people who have lost someone."),
        (Needs, "long-term-conditions", "Long-term conditions", "For people living with a long-term health condition."),
        (Needs, "older-people", "Older people", "For older people."),
        (Needs, "young-people", "Young people", "For young people."),
    ];

    public static async Task EnsureAsync(DirectoryDb db, CancellationToken cancellationToken)
    {
        if (!await db.Taxonomies.AnyAsync(cancellationToken))
        {
            db.Taxonomies.Add(new Taxonomy(Activities, "Activities and support", "What an activity offers (social prescribing)."));
            db.Taxonomies.Add(new Taxonomy(Needs, "Needs", "Who an activity is for, or which need it meets."));
        }
        var existing = await db.TaxonomyTerms.Select(t => t.Code).ToListAsync(cancellationToken);
        foreach (var (taxonomy, code, name, description) in Terms.Where(t => !existing.Contains(t.Code)))
            db.TaxonomyTerms.Add(new TaxonomyTerm(StableId.From($"term-{code}"), taxonomy, code, name, description));
        await db.SaveChangesAsync(cancellationToken);
    }
}
