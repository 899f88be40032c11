using BuildingBlocks.Auth;
using BuildingBlocks.Validation;
using BuildingBlocks.Web;
using DirectoryService.Data;
using DirectoryService.Domain;
using DirectoryService.Features.Services;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

// Not "Features.Taxonomy": a namespace of that name would hide the Domain.Taxonomy type from every sibling feature namespace.
namespace DirectoryService.Features.Taxonomies;

/// <summary>The curators' taxonomy: every term (retired ones too) with how many published listings use it.</summary>
public static class GetTaxonomyTree
{
    public sealed record Query : IQuery<IReadOnlyList<TaxonomyNode>>;

    public sealed record TaxonomyNode(Guid Id, string Name, IReadOnlyList<TermNode> Terms);

    /// <param name="Listings">Published listings tagged with the term itself (not its sub-terms).</param>
    public sealed record TermNode(Guid Id, string Code, string Name, string? Description, Guid? ParentId, string? ParentCode,
        int Listings, bool Retired, string? MergedInto, string? AlsoKnownAs);

    internal sealed class Handler(DirectoryDb db) : IQueryHandler<Query, IReadOnlyList<TaxonomyNode>>
    {
        public async ValueTask<IReadOnlyList<TaxonomyNode>> Handle(Query query, CancellationToken cancellationToken)
        {
            var taxonomies = await db.Taxonomies.AsNoTracking().OrderBy(t => t.Name).ToListAsync(cancellationToken);
            var terms = await db.TaxonomyTerms.AsNoTracking().OrderBy(t => t.Name).ToListAsync(cancellationToken);
            var counts = await db.Services.AsNoTracking()
                .Where(s => s.Status == ServiceStatus.Active || s.Status == ServiceStatus.Suspended)
                .SelectMany(s => s.Terms).GroupBy(t => t.TermCode).Select(g => new { Code = g.Key, Count = g.Count() })
                .ToDictionaryAsync(c => c.Code, c => c.Count, cancellationToken);
            var byId = terms.ToDictionary(t => t.Id);
            return [.. taxonomies.Select(x => new TaxonomyNode(x.Id, x.Name, [.. terms.Where(t => t.TaxonomyId == x.Id).Select(t =>
                new TermNode(t.Id, t.Code, t.Name, t.Description, t.ParentId, t.ParentId is { } p && byId.TryGetValue(p, out var parent) ? parent.Code : null,
                    counts.GetValueOrDefault(t.Code), t.Retired, t.MergedIntoId is { } m && byId.TryGetValue(m, out var into) ? into.Code : null,
                    t.AlsoKnownAs))]))];
        }
    }

    internal static async Task<IResult> Endpoint(Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(new Query(), cancellationToken));
}

/// <summary>
/// A curator renames a term or moves it under another (or to the top level). Every listing tagged with it is
/// re-indexed (ServiceUpdated each), since its name is part of what search finds them by.
/// </summary>
public static class UpdateTerm
{
    public sealed record Body(string? Name, string? Description, string? ParentCode);

    public sealed record Command(string Code, string? Name, string? Description, string? ParentCode) : ICommand<TermChange>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Name).NotEmpty().MaximumLength(200).MustBePlainText();
            RuleFor(c => c.Description).MaximumLength(1000).MustBePlainText();
            RuleFor(c => c.ParentCode).MaximumLength(100).MustBePlainText();
        }
    }

    internal sealed class Handler(DirectoryDb db, CurrentUser user, TimeProvider clock) : ICommandHandler<Command, TermChange>
    {
        public async ValueTask<TermChange> Handle(Command command, CancellationToken cancellationToken)
        {
            var all = await db.TaxonomyTerms.ToListAsync(cancellationToken);
            var term = TermRules.Find(all, command.Code, "code");
            var parent = string.IsNullOrWhiteSpace(command.ParentCode) ? null : TermRules.Find(all, command.ParentCode.Trim(), "parentCode", live: true);
            var renamed = term.Name != command.Name!.Trim();
            term.Rename(command.Name, command.Description);
            term.MoveUnder(parent, all);
            var now = clock.GetUtcNow();
            var listings = renamed ? await TermRules.ReindexAsync(db, [term.Code], user, null, now, cancellationToken) : 0;
            await db.SaveChangesAsync(cancellationToken);
            return new TermChange(term.Code, term.Name, listings);
        }
    }

    internal static async Task<IResult> Endpoint(string code, Body body, Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(new Command(code, body.Name, body.Description, body.ParentCode), cancellationToken));
}

/// <summary>
/// A curator merges one term into another: its listings move to the surviving term (each with a history entry), its
/// sub-terms move under the survivor, it is retired, and its name becomes one of the survivor's, so a search by the
/// merged term's words still finds every listing. Every listing of the survivor is re-indexed.
/// </summary>
public static class MergeTerm
{
    public sealed record Body(string? Into);

    public sealed record Command(string Code, string? Into) : ICommand<TermChange>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Into).NotEmpty().MaximumLength(100).MustBePlainText();
    }

    internal sealed class Handler(DirectoryDb db, CurrentUser user, TimeProvider clock) : ICommandHandler<Command, TermChange>
    {
        public async ValueTask<TermChange> Handle(Command command, CancellationToken cancellationToken)
        {
            var all = await db.TaxonomyTerms.ToListAsync(cancellationToken);
            var merged = TermRules.Find(all, command.Code, "code");
            var survivor = TermRules.Find(all, command.Into!.Trim(), "into");
            merged.MergeInto(survivor);
            var mergedParent = all.FirstOrDefault(t => t.Id == merged.ParentId);
            foreach (var child in all.Where(t => t.ParentId == merged.Id).ToList()) child.MoveUnder(child.Id == survivor.Id ? mergedParent : survivor, all);
            var now = clock.GetUtcNow();
            var listings = await TermRules.ReindexAsync(db, [merged.Code, survivor.Code], user,
                codes => [.. codes.Select(c => c == merged.Code ? survivor.Code : c).Distinct()], now, cancellationToken,
                $"Category '{merged.Name}' merged into '{survivor.Name}'");
            await db.SaveChangesAsync(cancellationToken);
            return new TermChange(survivor.Code, survivor.Name, listings);
        }
    }

    internal static async Task<IResult> Endpoint(string code, Body body, Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(new Command(code, body.Into), cancellationToken));
}

/// <summary>
/// A curator retires a term no longer wanted: it is taken off every listing (each with a history entry and re-indexed)
/// and no longer offered. A term with live sub-terms is refused (move or retire them first).
/// </summary>
public static class RetireTerm
{
    public sealed record Command(string Code) : ICommand<TermChange>;

    internal sealed class Handler(DirectoryDb db, CurrentUser user, TimeProvider clock) : ICommandHandler<Command, TermChange>
    {
        public async ValueTask<TermChange> Handle(Command command, CancellationToken cancellationToken)
        {
            var all = await db.TaxonomyTerms.ToListAsync(cancellationToken);
            var term = TermRules.Find(all, command.Code, "code");
            if (all.Any(t => t.ParentId == term.Id && !t.Retired))
                throw new ConflictException($"'{term.Name}' has sub-terms: move or retire them first.",
                    new Dictionary<string, object?> { ["subTerms"] = all.Where(t => t.ParentId == term.Id && !t.Retired).Select(t => t.Code).ToList() });
            term.Retire();
            var now = clock.GetUtcNow();
            var listings = await TermRules.ReindexAsync(db, [term.Code], user, codes => [.. codes.Where(c => c != term.Code)], now,
                cancellationToken, $"Category '{term.Name}' retired");
            await db.SaveChangesAsync(cancellationToken);
            return new TermChange(term.Code, term.Name, listings);
        }
    }

    internal static async Task<IResult> Endpoint(string code, Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(new Command(code), cancellationToken));
}

/// <summary>What a taxonomy change did: the term that stands, and how many listings were re-indexed.</summary>
public sealed record TermChange(string Code, string Name, int ListingsReindexed);

internal static class TermRules
{
    public static TaxonomyTerm Find(IEnumerable<TaxonomyTerm> all, string code, string field, bool live = false)
    {
        var term = all.FirstOrDefault(t => t.Code == code);
        if (term is null)
        {
            if (field == "code") throw new NotFoundException("Taxonomy term", code);
            throw new RuleViolationException($"Unknown taxonomy term '{code}'.", new Dictionary<string, string[]> { [field] = [$"Unknown taxonomy term '{code}'."] });
        }
        if (live && term.Retired)
            throw new RuleViolationException($"'{code}' is retired.", new Dictionary<string, string[]> { [field] = [$"'{code}' is retired."] });
        return term;
    }

    /// <summary>
    /// Every listing tagged with any of <paramref name="codes"/>: its terms rewritten by <paramref name="rewrite"/> when
    /// given (a history entry naming <paramref name="why"/>), and ServiceUpdated published so search re-indexes it.
    /// </summary>
    public static async Task<int> ReindexAsync(DirectoryDb db, IReadOnlyList<string> codes, CurrentUser user,
        Func<IReadOnlyList<string>, IReadOnlyList<string>>? rewrite, DateTimeOffset now, CancellationToken cancellationToken, string? why = null)
    {
        var services = await db.Services.Include(s => s.Organisation)
            .Where(s => s.Terms.Any(t => codes.Contains(t.TermCode))).ToListAsync(cancellationToken);
        foreach (var service in services)
        {
            if (rewrite is not null)
            {
                var details = service.Details();
                var terms = rewrite(details.TaxonomyTerms);
                if (!terms.Order().SequenceEqual(details.TaxonomyTerms.Order()))
                {
                    service.Apply(details with { TaxonomyTerms = terms }, now);
                    ListingRecords.AddVersion(db, service, user, why ?? "Categories changed", now);
                }
            }
            await ListingRecords.PublishUpdatedAsync(db, service, now, cancellationToken);
        }
        return services.Count(s => s.IsPublished);
    }
}
