import type { Collection, Filter } from 'mongodb';
import type { MongoStore } from '@shopfast/stores';
import type { Page, Product } from '../domain/product';

type ProductDocument = Omit<Product, 'id'> & { _id: string };

export interface ListQuery {
  category?: string;
  page: number;
  limit: number;
}

/** The catalog in MongoDB: the source of truth that the search index is rebuilt from. */
export function createProductStore(mongo: MongoStore) {
  const products: Collection<ProductDocument> = mongo.db.collection<ProductDocument>('products');

  return {
    async ensureIndexes(): Promise<void> {
      await products.createIndex({ category: 1, _id: 1 });
      await products.createIndex({ sku: 1 }, { unique: true });
    },

    async count(): Promise<number> {
      return products.countDocuments({});
    },

    async insertMany(items: Product[]): Promise<void> {
      if (items.length === 0) return;
      await products.insertMany(items.map(toDocument), { ordered: false });
    },

    async list(query: ListQuery): Promise<Page<Product>> {
      const filter: Filter<ProductDocument> = query.category ? { category: query.category } : {};
      const [documents, total] = await Promise.all([
        products
          .find(filter)
          .sort({ _id: 1 })
          .skip((query.page - 1) * query.limit)
          .limit(query.limit)
          .toArray(),
        products.countDocuments(filter),
      ]);
      return { items: documents.map(fromDocument), total, page: query.page, limit: query.limit };
    },

    async findById(id: string): Promise<Product | null> {
      const document = await products.findOne({ _id: id });
      return document ? fromDocument(document) : null;
    },

    async all(): Promise<Product[]> {
      return (await products.find({}).sort({ _id: 1 }).toArray()).map(fromDocument);
    },
  };
}

export type ProductStore = ReturnType<typeof createProductStore>;

function toDocument(product: Product): ProductDocument {
  const { id, ...rest } = product;
  return { _id: id, ...rest };
}

function fromDocument(document: ProductDocument): Product {
  const { _id, ...rest } = document;
  return { id: _id, ...rest };
}
