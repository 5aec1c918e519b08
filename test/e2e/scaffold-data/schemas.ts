// A zod 4 schema a project might have; fixtures are made for PostSchema and parsed with it.
import { z } from 'zod'

export const AuthorSchema = z.object({
  id: z.uuid(),
  email: z.email(),
  name: z.string().min(2).max(60),
  age: z.number().int().min(18).max(120).optional(),
})

export const PostSchema = z.object({
  id: z.number().int().positive(),
  title: z.string().min(5).max(120),
  slug: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
  content: z.string().max(2000),
  status: z.enum(['draft', 'scheduled', 'posted', 'failed']),
  platform: z.enum(['twitter', 'linkedin']).default('twitter'),
  score: z.number().min(0).max(100).multipleOf(0.5),
  tags: z.array(z.string().min(1)).min(1).max(5),
  author: AuthorSchema,
  website: z.url().optional(),
  publishedAt: z.iso.datetime().nullable(),
  createdAt: z.date(),
  flags: z.object({ pinned: z.boolean(), featured: z.boolean().optional() }),
})
