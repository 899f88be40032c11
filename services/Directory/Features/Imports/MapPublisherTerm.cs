using BuildingBlocks.Auth;
using BuildingBlocks.Web;
using DirectoryService.Data;
using DirectoryService.Features.OpenReferral;
using DirectoryService.Features.Services;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace DirectoryService.Features.Imports;

/// <summary>
/// Publishers' own taxonomy terms, kept as they gave them (GET /api/directory/import/terms, unmapped first), and a
/// curator's mapping of one to a hub term (PUT .../terms/{id} with <c>code</c>, or null to clear): applied at once to
/// every listing that carries the term, and by every later import of it.
/// </summary>
public static class MapPublisherTerm
{
    public sealed record Query(string? Publisher, bool UnmappedOnly) : IQuery<IReadOnlyList<TermView>>;

    public sealed record Command(Guid Id, string? Code) : ICommand<Result>;

    public sealed record Body(string? Code);

    public sealed record TermView(Guid Id, string Publisher, string ExternalId, string Name, string? Vocabulary, string? MappedCode,
        string? MappedBy, DateTimeOffset? MappedAt, int Listings);

    public sealed record Result(TermView Term, int ListingsChanged);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Code).MaximumLength(100);
    }

    internal sealed class Handler(DirectoryDb db, CurrentUser user, TimeProvider clock)
        : IQueryHandler<Query, IReadOnlyList<TermView>>, ICommandHandler<Command, Result>
    {
        public async ValueTask<IReadOnlyList<TermView>> Handle(Query query, CancellationToken cancellationToken)
        {
            var terms = db.Set<PublisherTerm>().AsNoTracking();
            if (query.Publisher is not null) terms = terms.Where(t => t.Publisher == query.Publisher);
            if (query.UnmappedOnly) terms = terms.Where(t => t.MappedCode == null);
            var rows = await terms.OrderBy(t => t.MappedCode != null).ThenBy(t => t.Publisher).ThenBy(t => t.Name).Take(1000)
                .Select(t => new { Term = t, Listings = db.Set<ServicePublisherTerm>().Count(l => l.PublisherTermId == t.Id) })
                .ToListAsync(cancellationToken);
            return [.. rows.Select(r => View(r.Term, r.Listings))];
        }

        public async ValueTask<Result> Handle(Command command, CancellationToken cancellationToken)
        {
            var term = await db.Set<PublisherTerm>().SingleOrDefaultAsync(t => t.Id == command.Id, cancellationToken)
                       ?? throw new NotFoundException("Publisher term", command.Id);
            var code = string.IsNullOrWhiteSpace(command.Code) ? null : command.Code.Trim();
            if (code is not null && !await db.TaxonomyTerms.AnyAsync(t => t.Code == code, cancellationToken))
                throw new RuleViolationException($"Unknown taxonomy term '{code}'.",
                    new Dictionary<string, string[]> { ["code"] = [$"No hub taxonomy term has the code '{code}'."] });
            var previous = term.MappedCode;
            var now = clock.GetUtcNow();
            term.MapTo(code, user.Name, now);

            var serviceIds = await db.Set<ServicePublisherTerm>().Where(l => l.PublisherTermId == term.Id).Select(l => l.ServiceId)
                .ToListAsync(cancellationToken);
            var services = await db.Services.Include(s => s.Organisation).Where(s => serviceIds.Contains(s.Id)).ToListAsync(cancellationToken);
            var changed = 0;
            foreach (var service in services)
            {
                if (service.Status is Domain.ServiceStatus.Removed or Domain.ServiceStatus.Rejected) continue;
                var details = service.Details();
                var codes = details.TaxonomyTerms.Where(c => c != previous).Append(code).OfType<string>().Distinct().ToList();
                if (codes.Order().SequenceEqual(details.TaxonomyTerms.Distinct().Order())) continue;
                service.Apply(details with { TaxonomyTerms = codes }, now);
                ListingRecords.AddVersion(db, service, user, $"Publisher term '{term.Name}' mapped to {code ?? "none"}", now);
                await ListingRecords.PublishUpdatedAsync(db, service, now, cancellationToken);
                changed++;
            }
            await db.SaveChangesAsync(cancellationToken);
            return new Result(View(term, serviceIds.Count), changed);
        }

        private static TermView View(PublisherTerm t, int listings) =>
            new(t.Id, t.Publisher, t.ExternalId, t.Name, t.Vocabulary, t.MappedCode, t.MappedBy, t.MappedAt, listings);
    }

    internal static async Task<IResult> List(string? publisher, bool? unmapped, Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(new Query(publisher, unmapped ?? false), cancellationToken));

    internal static async Task<IResult> Map(Guid id, Body body, Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(new Command(id, body.Code), cancellationToken));
}
