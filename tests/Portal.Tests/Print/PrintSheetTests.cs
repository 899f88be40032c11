using Portal.Print;

namespace Portal.Tests.Print;

/// <summary>What goes on the paper: the activity's facts in plain words, and of the person their first name only.</summary>
public sealed class PrintSheetTests
{
    [Fact]
    public void A_prescription_names_the_person_by_first_name_and_carries_nothing_else_of_theirs()
    {
        var listing = PrintSamples.Listing();
        var sheet = PrintSheet.Prescription(PrintSamples.Referral(listing), listing, PrintSamples.Monday, "https://portal.example.org/services/1");

        Assert.Equal("Agnieszka", sheet.For);
        var everything = Text(sheet);
        foreach (var secret in new[] { "Kowalczyk", "9434765919", "943 476 5919", "1950", "10 December", "agnieszka@example.org", "07700 900123",
                     "Lonely since moving here", "Company" })
            Assert.DoesNotContain(secret, everything);
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void A_prescription_whose_person_is_withheld_or_anonymised_names_nobody(bool withheld, bool anonymised)
    {
        var listing = PrintSamples.Listing();
        var sheet = PrintSheet.Prescription(PrintSamples.Referral(listing, personWithheld: withheld, anonymised: anonymised), listing,
            PrintSamples.Monday, "https://portal.example.org/services/1");

        Assert.Null(sheet.For);
    }

    [Fact]
    public void An_activity_reads_as_a_person_needs_it_when_where_cost_who_how_contact_access_languages()
    {
        var activity = PrintedActivity.From(PrintSamples.Listing(), PrintSamples.Monday);

        Assert.Equal(["When", "Where", "Cost", "Who it is for", "How to join", "Contact", "Accessibility", "Languages"],
            activity.Facts.Select(f => f.Label));
        Assert.Equal(["Tuesdays, 10am to noon", "Next: Tuesday 8 December, 10am"], Fact(activity, "When"));
        Assert.Equal(["Cosham Community Centre, High Street, Portsmouth, PO6 2GB"], Fact(activity, "Where"));
        Assert.Equal(["£2.50 (Includes tea and cake)"], Fact(activity, "Cost"));
        Assert.Equal(["Ages 60 and over", "People who live in Cosham"], Fact(activity, "Who it is for"));
        Assert.Equal(["Drop in, ask to join yourself or be referred by a GP or other professional"], Fact(activity, "How to join"));
        Assert.Equal(["Ask for Ola", "Phone: 023 9200 0000", "Email: club@example.org", "Website: club.example.org"], Fact(activity, "Contact"));
        Assert.Equal(["Step-free access, Hearing loop"], Fact(activity, "Accessibility"));
        Assert.Equal(["English, Polish"], Fact(activity, "Languages"));
    }

    [Fact]
    public void Getting_there_and_the_first_visit_come_after_where_in_the_providers_own_lines_and_the_welcomer_before_contact()
    {
        var listing = PrintSamples.Listing() with
        {
            GettingThere = "Buses 2 and 3 stop outside.\nFree parking at the back.", FirstVisit = "Someone meets you at the door.",
            WelcomedBy = "Ola, our volunteer",
        };

        var activity = PrintedActivity.From(listing, PrintSamples.Monday);

        Assert.Equal(["When", "Where", "Getting there", "Cost", "Who it is for", "How to join", "First visit", "Welcomed by", "Contact",
            "Accessibility", "Languages"], activity.Facts.Select(f => f.Label));
        Assert.Equal(["Buses 2 and 3 stop outside.", "Free parking at the back."], Fact(activity, "Getting there"));
        Assert.Equal(["Someone meets you at the door."], Fact(activity, "First visit"));
        Assert.Equal(["Ola, our volunteer"], Fact(activity, "Welcomed by"));
    }

    [Fact]
    public void A_prescription_for_an_activity_no_longer_listed_still_names_it_and_says_whom_to_ask()
    {
        var listing = PrintSamples.Listing("Walking football");
        var sheet = PrintSheet.Prescription(PrintSamples.Referral(listing), null, PrintSamples.Monday, "https://portal.example.org/services/1");

        var activity = Assert.Single(sheet.Activities);
        Assert.Equal("Walking football", activity.Name);
        Assert.Equal(["Ask the person who gave you this sheet."], Fact(activity, "Details"));
        Assert.DoesNotContain(sheet.Footer, line => line.Contains("Find out more", StringComparison.Ordinal));
    }

    [Fact]
    public void A_shortlist_leaves_a_line_for_the_persons_name_and_lists_every_activity()
    {
        var sheet = PrintSheet.Shortlist([PrintSamples.Listing("Knit and natter"), PrintSamples.Listing("Men's shed")], "Dr Gita Patel", PrintSamples.Monday);

        Assert.Equal("", sheet.For);
        Assert.Equal(["Knit and natter", "Men's shed"], sheet.Activities.Select(a => a.Name));
        Assert.Equal(["Suggested for you by Dr Gita Patel."], sheet.Intro);
    }

    [Fact]
    public void A_suspended_activity_says_so_before_anything_else()
    {
        var listing = PrintSamples.Listing() with { Suspended = true };

        Assert.Equal("This activity is not running at the moment.", PrintedActivity.From(listing, PrintSamples.Monday).Notice);
    }

    private static IReadOnlyList<string> Fact(PrintedActivity activity, string label) => activity.Facts.Single(f => f.Label == label).Lines;

    private static string Text(PrintSheet sheet) => string.Join("\n", new[] { sheet.Heading, sheet.For }.Concat(sheet.Intro).Concat(sheet.Footer)
        .Concat(sheet.Activities.SelectMany(a => new[] { a.Name, a.Organisation, a.Notice }.Concat(a.About)
            .Concat(a.Facts.SelectMany(f => f.Lines.Prepend(f.Label))))));
}
