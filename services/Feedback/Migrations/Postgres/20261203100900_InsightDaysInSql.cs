using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FeedbackService.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class InsightDaysInSql : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "day",
                table: "insight_searches",
                type: "date",
                nullable: false,
                defaultValue: new DateOnly(1, 1, 1));

            migrationBuilder.AddColumn<DateOnly>(
                name: "day",
                table: "insight_referrals",
                type: "date",
                nullable: false,
                defaultValue: new DateOnly(1, 1, 1));

            migrationBuilder.AddColumn<int>(
                name: "response_tenths",
                table: "insight_referrals",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_insight_searches_day",
                table: "insight_searches",
                column: "day");

            migrationBuilder.CreateIndex(
                name: "ix_insight_referrals_day",
                table: "insight_referrals",
                column: "day");

            // Rows from before: their UK day and response time, as InsightReferral.Refresh and InsightSearch work them out.
            migrationBuilder.Sql("UPDATE insight_searches SET day = (at AT TIME ZONE 'Europe/London')::date;");
            migrationBuilder.Sql("""
                UPDATE insight_referrals SET day = (coalesce(requested_at, first_seen_at) AT TIME ZONE 'Europe/London')::date
                WHERE requested_at IS NOT NULL OR first_seen_at < '9999-01-01';
                UPDATE insight_referrals
                SET response_tenths = round(extract(epoch FROM least(accepted_at, rejected_at) - requested_at) / 8640.0)::integer
                WHERE requested_at IS NOT NULL AND least(accepted_at, rejected_at) >= requested_at;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_insight_searches_day",
                table: "insight_searches");

            migrationBuilder.DropIndex(
                name: "ix_insight_referrals_day",
                table: "insight_referrals");

            migrationBuilder.DropColumn(
                name: "day",
                table: "insight_searches");

            migrationBuilder.DropColumn(
                name: "day",
                table: "insight_referrals");

            migrationBuilder.DropColumn(
                name: "response_tenths",
                table: "insight_referrals");
        }
    }
}
