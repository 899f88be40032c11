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

/// <summary>A curator adds a term to a taxonomy. Codes are unique, lower-case and hyphenated ("walking-groups").</summary>
public static class AddTerm
{
    public sealed record Command(Guid TaxonomyId, string Code, string Name, string? Description, string? ParentCode) : ICommand<GetTaxonomy.TermView>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.TaxonomyId).NotEmpty();
            RuleFor(c => c.Code).NotEmpty().MaximumLength(100).Matches("^[a-z0-9]+(-[a-z0-9]+)*$")
                .WithMessage("'Code' must be lower-case words joined by hyphens, e.g. walking-groups.");
            RuleFor(c => c.Name).NotEmpty().MaximumLength(200).MustBePlainText();
            RuleFor(c => c.Description).MaximumLength(1000).MustBePlainText();
        }
    }

    internal sealed class Handler(DirectoryDb db) : ICommandHandler<Command, GetTaxonomy.TermView>
    {
        public async ValueTask<GetTaxonomy.TermView> Handle(Command command, CancellationToken cancellationToken)
        {
            var errors = new Dictionary<string, string[]>();
            if (!await db.Taxonomies.AnyAsync(t => t.Id == command.TaxonomyId, cancellationToken))
                errors["taxonomyId"] = ["No taxonomy has this id."];
            Guid? parentId = null;
            if (command.ParentCode is not null)
            {
                parentId = await db.TaxonomyTerms.Where(t => t.Code == command.ParentCode && t.TaxonomyId == command.TaxonomyId)
                    .Select(t => (Guid?)t.Id).SingleOrDefaultAsync(cancellationToken);
                if (parentId is null) errors["parentCode"] = [$"Unknown taxonomy term '{command.ParentCode}' in this taxonomy."];
            }
            if (errors.Count > 0) throw new RuleViolationException("The term cannot be added.", errors);
            if (await db.TaxonomyTerms.AnyAsync(t => t.Code == command.Code, cancellationToken))
                throw new ConflictException($"A term with code '{command.Code}' already exists.",
                    new Dictionary<string, object?> { ["code"] = command.Code });

            var term = new TaxonomyTerm(Guid.CreateVersion7(), command.TaxonomyId, command.Code, command.Name.Trim(), command.Description, parentId);
            db.TaxonomyTerms.Add(term);
            await db.SaveChangesAsync(cancellationToken);
            return new GetTaxonomy.TermView(term.Id, term.Code, term.Name, term.Description, term.ParentId);
        }
    }

    internal static async Task<IResult> Endpoint(Command command, Sender mediator, CancellationToken cancellationToken)
    {
        var result = await mediator.Send(command, cancellationToken);
        return Results.Created($"/api/directory/taxonomy/terms/{result.Code}", result);
    }
}
