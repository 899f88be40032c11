using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DirectoryService.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ImportKeepsPublishersFacts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "imported_from",
                table: "services",
                type: "character varying(300)",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "publisher_assured_on",
                table: "services",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "status_before_withdrawal",
                table: "services",
                type: "character varying(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "verified_facts",
                table: "services",
                type: "text",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<bool>(
                name: "is_placeholder",
                table: "organisations",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "carried_fields",
                table: "listing_changes",
                type: "text",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "oruk_import_runs",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    feed_id = table.Column<Guid>(type: "uuid", nullable: true),
                    source = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    publisher = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    outcome = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    error = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    created = table.Column<int>(type: "integer", nullable: false),
                    updated = table.Column<int>(type: "integer", nullable: false),
                    unchanged = table.Column<int>(type: "integer", nullable: false),
                    rejected = table.Column<int>(type: "integer", nullable: false),
                    withdrawn = table.Column<int>(type: "integer", nullable: false),
                    restored = table.Column<int>(type: "integer", nullable: false),
                    report_json = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_oruk_import_runs", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "oruk_publisher_terms",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    publisher = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    external_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    vocabulary = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    mapped_code = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    mapped_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    mapped_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_oruk_publisher_terms", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "oruk_scheduled_feeds",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    url = table.Column<string>(type: "character varying(250)", maxLength: 250, nullable: false),
                    publisher = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    interval_minutes = table.Column<int>(type: "integer", nullable: false),
                    enabled = table.Column<bool>(type: "boolean", nullable: false),
                    next_run_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_run_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_outcome = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    last_error = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_oruk_scheduled_feeds", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "oruk_service_publisher_terms",
                columns: table => new
                {
                    service_id = table.Column<Guid>(type: "uuid", nullable: false),
                    publisher_term_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_oruk_service_publisher_terms", x => new { x.service_id, x.publisher_term_id });
                    table.ForeignKey(
                        name: "fk_oruk_service_publisher_terms_oruk_publisher_terms_publisher",
                        column: x => x.publisher_term_id,
                        principalTable: "oruk_publisher_terms",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_organisations_is_placeholder",
                table: "organisations",
                column: "is_placeholder");

            migrationBuilder.CreateIndex(
                name: "ix_oruk_import_runs_feed_id_started_at",
                table: "oruk_import_runs",
                columns: new[] { "feed_id", "started_at" });

            migrationBuilder.CreateIndex(
                name: "ix_oruk_import_runs_started_at",
                table: "oruk_import_runs",
                column: "started_at");

            migrationBuilder.CreateIndex(
                name: "ix_oruk_publisher_terms_publisher_external_id",
                table: "oruk_publisher_terms",
                columns: new[] { "publisher", "external_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_oruk_scheduled_feeds_enabled_next_run_at",
                table: "oruk_scheduled_feeds",
                columns: new[] { "enabled", "next_run_at" });

            migrationBuilder.CreateIndex(
                name: "ix_oruk_scheduled_feeds_url",
                table: "oruk_scheduled_feeds",
                column: "url",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_oruk_service_publisher_terms_publisher_term_id",
                table: "oruk_service_publisher_terms",
                column: "publisher_term_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "oruk_import_runs");

            migrationBuilder.DropTable(
                name: "oruk_scheduled_feeds");

            migrationBuilder.DropTable(
                name: "oruk_service_publisher_terms");

            migrationBuilder.DropTable(
                name: "oruk_publisher_terms");

            migrationBuilder.DropIndex(
                name: "ix_organisations_is_placeholder",
                table: "organisations");

            migrationBuilder.DropColumn(
                name: "imported_from",
                table: "services");

            migrationBuilder.DropColumn(
                name: "publisher_assured_on",
                table: "services");

            migrationBuilder.DropColumn(
                name: "status_before_withdrawal",
                table: "services");

            migrationBuilder.DropColumn(
                name: "verified_facts",
                table: "services");

            migrationBuilder.DropColumn(
                name: "is_placeholder",
                table: "organisations");

            migrationBuilder.DropColumn(
                name: "carried_fields",
                table: "listing_changes");
        }
    }
}
